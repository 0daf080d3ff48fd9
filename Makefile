# intlkpi: make [all|test|run|bench|install|clean]  (SANITIZE=1 for ASan+UBSan)
PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKGS = libcurl gumbo libcjson libcrypto zlib
VERSION = 0.1.0

WARN = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -Werror
OPT ?= -O2 -g
ifdef SANITIZE
OPT = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
endif
# Recursive (=) so that pkg-config runs after the deps step has installed it.
CFLAGS = $(WARN) $(OPT) -D_DEFAULT_SOURCE -DINTLKPI_VERSION='"$(VERSION)"' \
	-Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS = $(shell pkg-config --libs $(PKGS)) -lm
TEST_LDLIBS = $(LDLIBS) $(shell pkg-config --libs cmocka)

B = build$(if $(SANITIZE),-san)
SRC = $(wildcard src/*.c src/util/*.c)
OBJ = $(SRC:%.c=$(B)/%.o)
LIBOBJ = $(filter-out $(B)/src/main.o,$(OBJ))
UNIT = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

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

$(B)/tests/%: tests/unit/%.c $(LIBOBJ) | $(B)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIBOBJ) $(TEST_LDLIBS)

test: all $(UNIT)
	sh tests/run-all.sh $(B) ./intlkpi$(if $(SANITIZE),-san)

run: all
	./intlkpi run

# Benchmarks print figures; they are not pass/fail tests.
bench: all
	sh scripts/bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 intlkpi $(DESTDIR)$(PREFIX)/bin/intlkpi

clean:
	rm -rf build build-san intlkpi intlkpi-san

.PHONY: all test run bench install clean
-include $(OBJ:.o=.d)
