#!/bin/sh
# The install an operator follows (docs/operations.md, "Installing"):
# make install into a DESTDIR; systemd-analyze verify on the installed
# units; their security exposure at most 3.0; the user from sysusers.d; a
# traced run of the installed binary (web, charts, report) that stays
# inside what the unit allows (system calls, address families, /proc,
# /dev, files written); outputs readable by the group under UMask=0027;
# the cron example silent on 0 and 75; the logrotate example parses.
. tests/e2e/lib.sh
ROOT=$(pwd)
R=$TMP/root
P=/usr/local
UNIT=$P/lib/systemd/system

make -s -o all install DESTDIR="$R" PREFIX=$P INSTALL_BIN="$BIN" >"$TMP/make.out" 2>&1 && ok ||
	{ bad "make install DESTDIR"; cat "$TMP/make.out"; }
for f in bin/intlkpi share/man/man1/intlkpi.1 lib/systemd/system/intlkpi.service \
	lib/systemd/system/intlkpi.timer lib/sysusers.d/intlkpi.conf share/intlkpi/examples/crontab \
	share/intlkpi/examples/logrotate share/bash-completion/completions/intlkpi \
	share/intlkpi/schemas/kpis.schema.json share/intlkpi/schemas/diff.schema.json; do
	[ -s "$R$P/$f" ] && ok || bad "make install: $P/$f"
done
[ -x "$R$P/bin/intlkpi" ] && ok || bad "the binary is executable"
grep -q "^ExecStart=$P/bin/intlkpi run " "$R$UNIT/intlkpi.service" && ok || bad "ExecStart names the installed binary"
grep -q 'DynamicUser' "$R$UNIT/intlkpi.service" && bad "no DynamicUser (its state is /var/lib/private, 0700)" || ok
# a PREFIX elsewhere rewrites the unit's binary
make -s -o all install DESTDIR="$TMP/opt" PREFIX=/opt/intlkpi INSTALL_BIN="$BIN" >/dev/null 2>&1
grep -q '^ExecStart=/opt/intlkpi/bin/intlkpi run ' "$TMP/opt/opt/intlkpi/lib/systemd/system/intlkpi.service" &&
	ok || bad "PREFIX=/opt/intlkpi: ExecStart"

# ---- systemd-analyze verify and security, on the installed files ----
if ! command -v systemd-analyze >/dev/null; then
	echo "SKIP: install: systemd-analyze not found (scripts/install-deps.sh installs systemd)"
elif [ ! -d /usr/lib/systemd/system ] && [ ! -d /lib/systemd/system ]; then
	echo "SKIP: install: no systemd unit directory on this machine for systemd-analyze verify --root"
else
	# verify --root resolves the units the service pulls in (sysinit.target...) inside the root
	mkdir -p "$R/usr/lib/systemd"
	cp -r "$(readlink -f /usr/lib/systemd/system 2>/dev/null || readlink -f /lib/systemd/system)" "$R/usr/lib/systemd/system"
	verify() { MANPATH=$1$P/share/man systemd-analyze verify --root="$1" "$UNIT/intlkpi.service" "$UNIT/intlkpi.timer"; }
	verify "$R" >"$TMP/verify" 2>&1 && [ ! -s "$TMP/verify" ] && ok ||
		{ bad "systemd-analyze verify of the installed units"; sed 's/^/  | /' "$TMP/verify"; }
	# the check checks: a unit whose binary is not where it says fails
	cp -r "$R" "$TMP/broken"
	sed -i 's#^ExecStart=/usr/local/bin/intlkpi#ExecStart=/usr/local/bin/intlkpi-missing#' "$TMP/broken$UNIT/intlkpi.service"
	verify "$TMP/broken" >/dev/null 2>&1 && bad "verify accepts a unit without its binary" || ok
	systemd-analyze security --offline=true --root="$R" "$UNIT/intlkpi.service" >"$TMP/security" 2>&1
	level=$(sed -n 's/.*Overall exposure level for intlkpi.service: \([0-9.]*\).*/\1/p' "$TMP/security")
	echo "install: systemd-analyze security: exposure $level"
	[ -n "$level" ] && python3 -c "import sys; sys.exit(0 if float('$level') <= 3.0 else 1)" && ok ||
		{ bad "security exposure $level, more than 3.0"; grep '✗' "$TMP/security" | head -20; }
	if command -v systemd-sysusers >/dev/null; then
		mkdir -p "$R/etc"
		systemd-sysusers --root="$R" >"$TMP/sysusers" 2>&1 &&
			grep -q '^intlkpi:x:[0-9]*:[0-9]*:intlkpi nightly KPI runs:/var/lib/intlkpi:' "$R/etc/passwd" &&
			grep -q '^intlkpi:x:' "$R/etc/group" && ok ||
			{ bad "sysusers.d creates the user and group intlkpi"; cat "$TMP/sysusers" "$R/etc/passwd"; }
	fi
fi

# ---- a traced run of the installed binary stays inside the unit ----
. tests/server/start.sh
web_fixture
OUT=$TMP/state/output
mkdir -p "$TMP/state"
if ! command -v strace >/dev/null || ! command -v systemd-analyze >/dev/null; then
	echo "SKIP: install: the traced run needs strace and systemd-analyze (scripts/install-deps.sh)"
	(umask 027; "$R$P/bin/intlkpi" run -q --config "$TMP/cfg" --output "$OUT") && ok || bad "the installed binary runs"
else
	# LeakSanitizer cannot work under ptrace (the SANITIZE=1 build)
	(cd "$TMP/state" && umask 027 && export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" &&
		strace -f -qq -o "$TMP/trace" \
		"$R$P/bin/intlkpi" run -q --log-format json --config "$TMP/cfg" --output "$OUT") 2>"$TMP/err"
	rc=$?
	[ $rc -eq 0 ] && ok || { bad "traced run: exit $rc"; head -5 "$TMP/err"; }
	grep 'execve("[^"]*/gnuplot", ' "$TMP/trace" | grep -vq ENOENT && ok || bad "the traced run started gnuplot"
	systemd-analyze syscall-filter >"$TMP/groups" 2>/dev/null
	python3 - "$R$UNIT/intlkpi.service" "$TMP/groups" "$TMP/trace" "$OUT" <<'PY' 2>"$TMP/pyerr" && ok || { bad "the run stays inside the unit"; cat "$TMP/pyerr"; }
import re, sys
unit, groups_file, trace, out = sys.argv[1:5]
groups, cur = {}, None
for line in open(groups_file):
    line = line.rstrip()
    if re.match(r"^@[\w-]+$", line):
        cur = line
        groups[cur] = []
    elif cur and line.startswith("    ") and not line.strip().startswith("#"):
        groups[cur].append(line.strip())
def expand(names):
    out = set()
    for n in names:
        out |= expand(groups[n]) if n.startswith("@") else {n}
    return out
allowed, families = None, set()
for line in open(unit):
    m = re.match(r"^SystemCallFilter=(~?)(.*)$", line.strip())
    if m:
        names = expand(m.group(2).split())
        if allowed is None:
            assert not m.group(1), "the filter starts with an allow list"
            allowed = names
        elif m.group(1):
            allowed -= names
        else:
            allowed |= names
    m = re.match(r"^RestrictAddressFamilies=(.*)$", line.strip())
    if m:
        families |= set(m.group(1).split())
used, socks, procs, devs, written = set(), set(), set(), set(), set()
for line in open(trace):
    line = re.sub(r"^\d+ +", "", line)
    m = re.match(r"([a-z_0-9]+)\(", line)
    if not m:
        continue
    used.add(m.group(1))
    s = re.match(r"socket\((AF_\w+)", line)
    if s:
        socks.add(s.group(1))
    o = re.match(r'openat\([^,]+, "([^"]*)", ([A-Z_|]+)', line)
    if o and " = -1 " not in line:
        path, flags = o.group(1), o.group(2)
        if path.startswith("/proc/"):
            procs.add(path)
        if path.startswith("/dev/"):
            devs.add(path)
        if re.search(r"O_WRONLY|O_RDWR|O_CREAT", flags):
            written.add(path)
denied = sorted(used - allowed)
assert not denied, "system calls the unit's SystemCallFilter denies: %s" % denied
assert socks <= families | {"AF_NETLINK"}, "address families outside RestrictAddressFamilies: %s" % (socks - families)
# ProcSubset=pid: only the processes' own entries; gnuplot's libselinux
# probes /proc/filesystems and takes its absence as "no SELinux"
bad = [p for p in procs if not re.match(r"/proc/(self|thread-self|\d+)/", p) and p != "/proc/filesystems"]
assert not bad, "/proc files outside ProcSubset=pid: %s" % bad
# PrivateDevices=yes keeps these
assert devs <= {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"}, devs
# ProtectSystem=strict: nothing written outside the state directory and /tmp
bad = [p for p in written if not (p.startswith(out) or p.startswith("/tmp/") or p == "/dev/null"
                                  or not p.startswith("/"))]
assert not bad, "files written outside the state directory: %s" % bad
print("install: traced run: %d system calls, families %s" % (len(used), sorted(socks)), file=sys.stderr)
PY
	cat "$TMP/pyerr" | grep '^install:' || true
fi
# UMask=0027: the group reads every output, nobody else does
python3 - "$OUT" <<'PY' && ok || bad "outputs under UMask=0027: group-readable, not world-readable"
import os, stat, sys
n = 0
for d, dirs, files in os.walk(sys.argv[1]):
    for name in dirs + files:
        m = os.stat(os.path.join(d, name)).st_mode
        assert m & stat.S_IRGRP and not m & stat.S_IROTH, (name, oct(m))
        assert not m & stat.S_IWGRP, (name, oct(m))
        n += 1
assert n > 20, n
PY

# ---- the cron example: one line for a failure, nothing for 0 and 75 ----
line=$(grep '^[0-9]' "$R$P/share/intlkpi/examples/crontab")
[ "$(printf '%s\n' "$line" | wc -l)" -eq 1 ] && ok || bad "crontab: one job line"
cmd=$(printf '%s\n' "$line" | cut -d' ' -f6-)
printf '#!/bin/sh\nexit $CODE\n' >"$TMP/stub"
chmod +x "$TMP/stub"
mkdir -p "$TMP/cron/lib" "$TMP/cron/log"
cmd=$(printf '%s\n' "$cmd" | sed "s#$P/bin/intlkpi#$TMP/stub#; s#/var/lib/intlkpi#$TMP/cron/lib#g; s#/var/log/intlkpi#$TMP/cron/log#g")
for c in 0:0 75:0 1:1 2:1 3:1 143:1; do
	code=${c%:*} lines=${c#*:}
	CODE=$code sh -c "$cmd" >"$TMP/cron.out" 2>&1
	[ "$(wc -l <"$TMP/cron.out")" -eq "$lines" ] && ok || bad "crontab: exit $code prints $lines line(s): $(cat "$TMP/cron.out")"
done
grep -q "exited 3; see $TMP/cron/log/intlkpi.log" "$TMP/cron.out" 2>/dev/null || CODE=3 sh -c "$cmd" | grep -q 'exited 3; see' && ok || bad "crontab: the line says the code and the log"

# ---- the logrotate example ----
if command -v logrotate >/dev/null; then
	# as root: the user intlkpi exists only where sysusers.d made it
	sed 's/ intlkpi intlkpi$/ root root/' "$R$P/share/intlkpi/examples/logrotate" >"$TMP/logrotate"
	grep -q ' root root$' "$TMP/logrotate" && logrotate -d -s "$TMP/lr.state" "$TMP/logrotate" >"$TMP/lr" 2>&1 &&
		! grep -qi 'error' "$TMP/lr" && ok ||
		{ bad "logrotate -d the example"; head -10 "$TMP/lr"; }
else
	echo "SKIP: install: logrotate not found (scripts/install-deps.sh installs it)"
fi
e2e_summary install
