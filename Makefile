# intlkpi: make [all|test|run|bench|install|clean]  (SANITIZE=1 for ASan+UBSan)
PREFIX ?= /usr/local
DESTDIR ?=
# systemd searches PREFIX/lib/systemd/system and PREFIX/lib/sysusers.d for
# PREFIX /usr and /usr/local; elsewhere set them (docs/operations.md)
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
# the binary make install installs (tests install the one they test)
INSTALL_BIN ?= intlkpi
CC ?= cc
PKGS = libcurl gumbo libcjson libcrypto zlib libisal libzip expat
VERSION = 0.1.0

WARN = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Werror
OPT ?= -O2 -g
ifdef SANITIZE
OPT = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
# Recursive (=) so that pkg-config runs after the deps step has installed it.
CFLAGS = $(WARN) $(OPT) -pthread -D_DEFAULT_SOURCE -DINTLKPI_ISAL -DINTLKPI_VERSION='"$(VERSION)"' \
	-Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS = $(shell pkg-config --libs $(PKGS)) -lm -pthread
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cmocka)

B = build$(if $(SANITIZE),-san)
SRC = $(wildcard src/*/*.c)
OBJ = $(SRC:%.c=$(B)/%.o)
LIBOBJ = $(filter-out $(B)/src/cli/main.o,$(OBJ))
UNIT = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/*/test_*.c))

all: intlkpi$(if $(SANITIZE),-san)

# Installs missing Debian packages (idempotent; see scripts/install-deps.sh).
$(B)/.deps: scripts/install-deps.sh
	@mkdir -p $(B)
	sh scripts/install-deps.sh
	@touch $@

intlkpi$(if $(SANITIZE),-san): $(OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/%.o: %.c | $(B)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIBOBJ) | $(B)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIBOBJ) $(TEST_LDLIBS)

# Fuzz harnesses (tests/fuzz/fuzz_NAME.c): replayed over their seeds and
# regressions by `make test`; run under libFuzzer by `make fuzz`.
FUZZERS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY = $(FUZZERS:%=$(B)/replay/fuzz_%)

$(B)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(LIBOBJ) | $(B)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(LDLIBS)

test: check-layers all $(UNIT) $(REPLAY)
	sh tests/run-all.sh $(B) ./intlkpi$(if $(SANITIZE),-san)

FUZZ_SECONDS ?= 10
FUZZ_CC ?= clang
FUZZ_CFLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_DEFAULT_SOURCE \
	-DINTLKPI_VERSION='"$(VERSION)"' -Isrc $(shell pkg-config --cflags $(PKGS))
LIBSRC = $(filter-out src/cli/main.c,$(SRC))

build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(LIBSRC) | $(B)/.deps
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(LIBSRC) $(LDLIBS)

# Each harness runs FUZZ_SECONDS; a crash is saved under tests/fuzz/regressions/NAME/.
fuzz: $(FUZZERS:%=build-fuzz/fuzz_%)
	@set -e; for f in $(FUZZERS); do \
		rm -rf build-fuzz/corpus/$$f; sh tests/fuzz/seeds.sh $$f build-fuzz/corpus/$$f; \
		mkdir -p tests/fuzz/regressions/$$f; \
		echo "== fuzz $$f ($(FUZZ_SECONDS)s)"; \
		build-fuzz/fuzz_$$f build-fuzz/corpus/$$f -max_total_time=$(FUZZ_SECONDS) \
			-max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=tests/fuzz/regressions/$$f/ 2>&1 | \
			grep -E '^(stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || true; \
		if ls tests/fuzz/regressions/$$f | grep -q '^crash-\|^leak-\|^timeout-\|^oom-'; then \
			echo "fuzz $$f: found a failing input"; exit 1; fi; \
	done

# Who may include whom: src/LAYERS.
check-layers:
	sh scripts/check-layers.sh
	sh scripts/check-exports.sh

# The quick start works anywhere: the web sources come from the bundled
# snapshots (./intlkpi run fetches them live).
run: all
	./intlkpi run --offline

# A one-node Slurm cluster on localhost runs scripts/slurm (needs root).
test-slurm: all
	sh tests/slurm/run.sh ./intlkpi

# Benchmarks print figures; they are not pass/fail tests.
bench: all
	sh scripts/bench/run.sh

# The program, its man page, schemas and completion; the systemd units (the
# binary's path rewritten for PREFIX) and their user; the cron and
# logrotate examples. Nothing under /etc or /var: docs/operations.md.
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/intlkpi/schemas \
		$(DESTDIR)$(PREFIX)/share/intlkpi/examples \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(PREFIX)/bin/intlkpi
	install -m 0644 intlkpi.1 $(DESTDIR)$(PREFIX)/share/man/man1/intlkpi.1
	install -m 0644 $(wildcard schemas/*.schema.json) \
		$(DESTDIR)$(PREFIX)/share/intlkpi/schemas/
	install -m 0644 scripts/completion/intlkpi.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/intlkpi
	sed 's|/usr/local/bin/intlkpi|$(PREFIX)/bin/intlkpi|g; s|PREFIX/|$(PREFIX)/|g' \
		scripts/intlkpi.service >$(DESTDIR)$(UNITDIR)/intlkpi.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/intlkpi.service
	install -m 0644 scripts/intlkpi.timer $(DESTDIR)$(UNITDIR)/intlkpi.timer
	install -m 0644 scripts/intlkpi.sysusers $(DESTDIR)$(SYSUSERSDIR)/intlkpi.conf
	sed 's|/usr/local/bin/intlkpi|$(PREFIX)/bin/intlkpi|g; s|PREFIX/|$(PREFIX)/|g' \
		scripts/crontab.example >$(DESTDIR)$(PREFIX)/share/intlkpi/examples/crontab
	chmod 0644 $(DESTDIR)$(PREFIX)/share/intlkpi/examples/crontab
	install -m 0644 scripts/intlkpi.logrotate $(DESTDIR)$(PREFIX)/share/intlkpi/examples/logrotate

clean:
	rm -rf build build-san build-fuzz intlkpi intlkpi-san

.PHONY: all test check-layers test-slurm run bench fuzz install clean
-include $(OBJ:.o=.d)
