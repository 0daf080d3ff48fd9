#!/bin/sh
# SIGINT and SIGTERM while gnuplot draws: intlkpi stops its gnuplot (and
# waits for it) and removes every temporary file it or gnuplot created
# before it exits with 130 / 143, so nothing writes charts/*.tmp.* after
# it has gone and released the lock; the previous charts stay whole and
# the next run finds no debris. Each signal goes to intlkpi alone and to
# its whole process group (Ctrl-C in a terminal, systemd's stop).
. tests/e2e/lib.sh

if ! command -v gnuplot >/dev/null || ! command -v setsid >/dev/null || ! command -v ps >/dev/null; then
	echo "SKIP: signals: needs gnuplot, setsid and ps"
	e2e_summary signals
	exit
fi
O=$TMP/o
run_cmd "compute the example" 0 compute --config indicators --output "$O"
run_cmd "plot once" 0 plot --output "$O"
cp -r "$O/charts" "$TMP/charts-before"

# descendants PID: every process below PID
descendants() {
	ps -eo pid=,ppid= | awk -v root="$1" '
		{ parent[$1] = $2 }
		END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]; if (q == root && p != root) print p } }'
}
temporaries() { find "$O" -name '*.tmp.*'; }

# one SIGNAL TARGET WANT: plot in its own session, signal it (TARGET
# "process" or "group") once gnuplot is drawing; up to 5 tries when the
# plot ends before gnuplot could be caught at work
one() {
	sig=$1 target=$2 want=$3 tries=0 caught=0
	while [ $tries -lt 5 ] && [ $caught -eq 0 ]; do
		tries=$((tries + 1))
		setsid "$BIN" plot --output "$O" 2>"$TMP/err" &
		pid=$!
		kids="" n=0
		while [ $n -lt 500 ] && kill -0 $pid 2>/dev/null; do
			kids=$(descendants $pid)
			[ -n "$kids" ] && [ -n "$(temporaries)" ] && break
			n=$((n + 1))
			sleep 0.005
		done
		if [ -n "$kids" ] && kill -0 $pid 2>/dev/null; then
			if [ "$target" = group ]; then kill -$sig -$pid; else kill -$sig $pid; fi
			caught=1
		fi
		wait $pid
		rc=$?
	done
	[ $caught -eq 1 ] || { bad "SIG$sig to the $target: gnuplot never caught at work in 5 plots"; return; }
	[ $rc -eq "$want" ] && ok || bad "SIG$sig to the $target: exit $rc, expected $want"
	alive=""
	for k in $kids; do kill -0 "$k" 2>/dev/null && alive="$alive $k"; done
	[ -z "$alive" ] && ok || { bad "SIG$sig to the $target: gnuplot still running after intlkpi exited ($alive)"; kill -KILL $alive 2>/dev/null; }
	[ -z "$(temporaries)" ] && ok || bad "SIG$sig to the $target: temporaries left: $(temporaries | head -4)"
	python3 - "$O/charts" <<'PY' && ok || bad "SIG$sig to the $target: the previous charts were damaged"
import json, os, sys
d = sys.argv[1]
idx = json.load(open(os.path.join(d, "index.json")))
for c in idx["charts"]:
    if c["drawn"]:
        svg = open(os.path.join(d, c["svg"]), "rb").read().rstrip()
        png = open(os.path.join(d, c["png"]), "rb").read()
        assert svg.endswith(b"</svg>"), c["svg"]
        assert png.startswith(b"\x89PNG") and png[-8:-4] == b"IEND", c["png"]
PY
}
one TERM process 143
one INT process 130
one TERM group 143
one INT group 130
run_cmd "the next plot" 0 plot --output "$O"
[ -z "$(temporaries)" ] && ok || bad "the next plot left temporaries"
e2e_summary signals
