#!/bin/sh
# The Slurm recipe (scripts/slurm) on a real one-node Slurm on localhost:
# installs Debian's slurm-wlm and munge when missing, starts munged,
# slurmctld and slurmd on private sockets, ports and directories (nothing
# under /etc or /var is touched; a Slurm or munged already running is left
# alone), runs submit.sh on a generated dataset of 8 parts (some gzip) and
# compares the merged works.json byte for byte with one `intlkpi works`
# run over all parts. Needs root (the daemons run as root), python3 and
# GNU split. Ends with "slurm: N passed, N failed"; exit 0 only if all pass.
#   sh tests/slurm/run.sh [INTLKPI]      (default ./intlkpi)
# INTLKPI_SLURM_KEEP=1 keeps the work directory (logs, data) for a look.
set -u
BIN=${1:-./intlkpi}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RECIPE=$ROOT/scripts/slurm
LIMIT=${INTLKPI_SLURM_TIMEOUT:-120}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
summary() { echo "slurm: $pass passed, $fail failed"; }
abort() { bad "$*"; summary; exit 1; }
stamp() { echo "== $(date +%T) $*"; }

[ "$(id -u)" -eq 0 ] || abort "must run as root (it installs packages and runs slurmd)"
[ -x "$BIN" ] || abort "no binary at $BIN (make first)"
command -v python3 >/dev/null || abort "python3 is needed by the data generator"

start=$(date +%s)
# ---- a work directory, and everything undone on exit ----
W=$(mktemp -d /tmp/intlkpi-slurm.XXXXXX)
chmod 755 "$W" # munged wants every directory above its socket searchable by all
mkdir -p "$W/run" "$W/key" "$W/state" "$W/spool" "$W/log"
chmod 700 "$W/key"
PIDS=""
rcd=""
cleanup() {
	trap - EXIT INT TERM
	[ -z "$rcd" ] || rm -f "$rcd"
	if [ -n "$PIDS" ]; then
		# no job may outlive its slurmd (only ever our own cluster's jobs)
		if [ "${SLURM_CONF:-}" = "$W/slurm.conf" ]; then
			scancel --full --quiet -u root >/dev/null 2>&1
			i=0
			while [ $i -lt 30 ] && [ -n "$(squeue -h -o %i 2>/dev/null)" ]; do sleep 1; i=$((i + 1)); done
		fi
		for p in $PIDS; do kill "$p" 2>/dev/null; done
		for p in $PIDS; do
			i=0
			while [ $i -lt 20 ] && kill -0 "$p" 2>/dev/null; do sleep 0.5; i=$((i + 1)); done
			kill -9 "$p" 2>/dev/null
		done
	fi
	if [ "${INTLKPI_SLURM_KEEP:-0}" = 1 ]; then echo "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# ---- packages ----
need=""
for c in slurmctld slurmd sbatch scontrol sinfo munged mungekey; do
	command -v "$c" >/dev/null || need=yes
done
if [ -n "$need" ]; then
	stamp "installing slurm-wlm and munge"
	# no daemon may start from a maintainer script (there is no systemd here)
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		rcd=/usr/sbin/policy-rc.d
	fi
	apt_install() {
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends \
			slurm-wlm munge >"$W/apt.log" 2>&1
	}
	apt-cache show slurm-wlm >/dev/null 2>&1 || apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null 2>&1
	apt_install || { apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null 2>&1 && apt_install; }
	rc=$?
	[ -z "$rcd" ] || rm -f "$rcd"
	rcd=""
	[ "$rc" -eq 0 ] || { tail -20 "$W/apt.log"; abort "apt-get install slurm-wlm munge failed"; }
	echo "installed in $(($(date +%s) - start)) s"
fi

# ---- a private cluster ----
# show the daemons' last words with a failure
logs() {
	for f in "$W"/log/*; do
		[ -s "$f" ] || continue
		echo "  -- $f"
		grep -v 'pmix\|MPI: Cannot create context' "$f" | tail -8 | sed 's/^/  | /'
	done
}

stamp "starting munged, slurmctld and slurmd in $W"
mungekey -c -b 1024 -k "$W/key/munge.key" 2>/dev/null ||
	{ dd if=/dev/urandom of="$W/key/munge.key" bs=1024 count=1 2>/dev/null && chmod 600 "$W/key/munge.key"; }
munged -F --socket="$W/run/munge.sock" --key-file="$W/key/munge.key" --pid-file="$W/run/munged.pid" \
	--seed-file="$W/key/munged.seed" --log-file="$W/log/munged.log" >"$W/log/munged.out" 2>&1 &
PIDS="$!"
i=0
until [ -S "$W/run/munge.sock" ]; do
	i=$((i + 1))
	[ $i -le $((LIMIT * 2)) ] || { logs; abort "munged: no socket after $LIMIT s"; }
	kill -0 "$!" 2>/dev/null || { logs; abort "munged exited"; }
	sleep 0.5
done
# two free ports on the loopback
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
# shellcheck disable=SC2086
set -- $ports
mem=$(awk '$1 == "MemTotal:" { print int($2 / 1024) }' /proc/meminfo)
NODE=intlkpi1
# MaxArraySize=9: array indices up to 8, so 11 shards make 8 tasks (run 2)
cat >"$W/slurm.conf" <<EOF
ClusterName=intlkpitest
SlurmctldHost=localhost
SlurmctldPort=$1
SlurmdPort=$2
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/run/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/run/slurmctld.pid
SlurmdPidFile=$W/run/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,bf_interval=1,sched_min_interval=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MaxArraySize=9
MinJobAge=600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
NodeName=$NODE NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
SLURM_CONF=$W/slurm.conf
export SLURM_CONF
# nothing of a surrounding job or of the caller's sbatch defaults
for v in $(env | sed -n 's/^\(SBATCH_[A-Za-z0-9_]*\)=.*/\1/p; s/^\(SLURM_[A-Za-z0-9_]*\)=.*/\1/p'); do
	[ "$v" = SLURM_CONF ] || unset "$v"
done
unset INTLKPI_TASKS
slurmctld -D -f "$SLURM_CONF" >"$W/log/slurmctld.out" 2>&1 &
PIDS="$PIDS $!"
slurmd -D -f "$SLURM_CONF" -N "$NODE" >"$W/log/slurmd.out" 2>&1 &
PIDS="$PIDS $!"
i=0
until [ "$(sinfo -h -n "$NODE" -o %t 2>/dev/null)" = idle ]; do
	i=$((i + 1))
	[ $i -le "$LIMIT" ] || { sinfo 2>&1 | sed 's/^/  | /'; logs; abort "node $NODE not idle after $LIMIT s"; }
	sleep 1
done
ok "one-node cluster up ($(sinfo -h -o '%D node, %c CPUs, %m MB'))"

# ---- data: 8 parts of generated works, 3 of them gzip ----
cd "$W" || abort "cd $W"
python3 "$ROOT/scripts/bench/gen_works.py" --bytes 4M --seed 7 --institutions-out inst.txt all.jsonl 2>/dev/null ||
	abort "gen_works.py failed"
mkdir d8 d11
split -n l/8 -d -a 2 all.jsonl d8/part_ && split -n l/11 -d -a 2 all.jsonl d11/part_ || abort "split failed"
gzip d8/part_01 d8/part_04 d8/part_06 d11/part_00 d11/part_05 d11/part_10
ls d8/* >shards8
# blank and blank-looking lines are skipped
ls d11/* | awk 'NR == 3 { print "" } NR == 7 { print "   " } { print }' >shards11
[ "$(wc -l <shards8)" -eq 8 ] || abort "expected 8 parts, got $(wc -l <shards8)"
OPTS="--institutions $W/inst.txt --years 2014-2023"
# shellcheck disable=SC2086
"$BIN" works -q $OPTS d8/* -o one.json || abort "single-process run failed"
"$BIN" works -q d8/* -o one-all.json || abort "single-process run (every work) failed"
[ -s one.json ] && grep -q '"works"' one.json || abort "single-process run wrote no works"

# wait_job ID STATE...: waits (at most LIMIT s) until job ID is in one of
# the STATEs (or any other final state); leaves it in $state
wait_job() {
	id=$1
	shift
	i=0
	while :; do
		state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1)
		case $state in
		COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE | PREEMPTED) return 0 ;;
		esac
		i=$((i + 1))
		if [ $i -gt "$LIMIT" ]; then
			echo "  job $id still ${state:-unknown} after $LIMIT s"
			squeue 2>&1 | sed 's/^/  | /'
			scontrol show job "$id" 2>&1 | grep -E 'JobState|Reason' | sed 's/^/  | /'
			logs
			return 1
		fi
		sleep 1
	done
}

# array_states ARRAYID: "TASK:STATE" of every task of the array
array_states() {
	scontrol show job "$1" 2>/dev/null |
		sed -n 's/.*ArrayTaskId=\([0-9]*\).*/\1/p; s/.*JobState=\([A-Z_]*\).*/\1/p' | paste -d: - - | sort -n
}

# submit NAME LIST OUT [works options]: runs submit.sh; sets $merge, $array
submit() {
	name=$1
	shift
	if merge=$(sh "$RECIPE/submit.sh" "$@" 2>"$W/submit.err"); then
		array=$(sed -n 's/.*array job \([0-9]*\).*/\1/p' "$W/submit.err")
		cat "$W/submit.err"
		return 0
	fi
	sed 's/^/  | /' "$W/submit.err"
	bad "$name: submit.sh failed"
	return 1
}

# check NAME OUT TASKS REFERENCE: the merge job succeeded, every task did,
# exactly TASKS partials, works.json equal to REFERENCE
check() {
	name=$1 out=$2 tasks=$3 ref=$4
	t0=$(date +%s)
	wait_job "$merge" || { bad "$name: merge job $merge did not end in $LIMIT s"; return; }
	[ "$state" = COMPLETED ] && ok "$name: merge job $merge completed ($(($(date +%s) - t0)) s of waiting)" || {
		bad "$name: merge job $merge ended $state"
		cat "$out"/logs/*.log 2>/dev/null | tail -20 | sed 's/^/  | /'
		return
	}
	states=$(array_states "$array")
	want=$(i=0; while [ $i -lt "$tasks" ]; do i=$((i + 1)); echo "$i:COMPLETED"; done)
	[ "$states" = "$want" ] && ok "$name: $tasks array tasks completed" ||
		bad "$name: array tasks: $(echo "$states" | tr '\n' ' ')"
	n=$(ls "$out"/partials | wc -l)
	[ "$n" -eq "$tasks" ] && ok "$name: $tasks partials" || bad "$name: $n partials, expected $tasks"
	cmp -s "$ref" "$out/works.json" && ok "$name: merged works.json equals the single run" ||
		bad "$name: merged works.json differs from the single run"
}

export INTLKPI="$BIN"
# 1: one task per part, relative paths (jobs run in the submit directory)
stamp "run 1: 8 parts, 8 tasks"
# shellcheck disable=SC2086
submit "run 1" shards8 out $OPTS && check "run 1" out 8 one.json
# 2: 11 parts, blank lines, MaxArraySize 9 deals them to 8 tasks; no options
stamp "run 2: 11 parts, MaxArraySize caps at 8 tasks"
submit "run 2" "$W/shards11" "$W/out2" && check "run 2" "$W/out2" 8 one-all.json
# 3: the same OUT again with fewer tasks: partials of run 1 must not count
stamp "run 3: 8 parts, INTLKPI_TASKS=3, OUT of run 1"
# shellcheck disable=SC2086
INTLKPI_TASKS=3 submit "run 3" shards8 out $OPTS && check "run 3" out 3 one.json
# 4: a missing shard fails its task; the merge job is cancelled, not left pending
stamp "run 4: a missing shard"
printf '%s\n' d8/part_00 d8/missing >shards-bad
# shellcheck disable=SC2086
if submit "run 4" shards-bad out4 $OPTS; then
	wait_job "$merge" || bad "run 4: merge job $merge still waiting after $LIMIT s"
	[ "$state" = CANCELLED ] && ok "run 4: merge job cancelled when a task failed" ||
		bad "run 4: merge job ended ${state:-unknown}, expected CANCELLED"
	[ ! -e out4/works.json ] && ok "run 4: no works.json" || bad "run 4: works.json written"
	grep -q "cannot open 'd8/missing'" out4/logs/*_2.log && ok "run 4: the task log names the shard" ||
		bad "run 4: task log lacks the error"
fi
# 5: the xargs flow on the same parts gives the same bytes
stamp "local.sh, 2 processes"
# shellcheck disable=SC2086
sh "$RECIPE/local.sh" shards8 local 2 $OPTS && cmp -s one.json local/works.json &&
	ok "local.sh: works.json equals the single run" || bad "local.sh: result differs or failed"

echo "total $(($(date +%s) - start)) s"
summary
[ "$fail" -eq 0 ]
