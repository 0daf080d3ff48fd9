#!/bin/sh
# Installs every Debian package that building, testing and running intlkpi
# needs. Idempotent: packages already present are not reinstalled. As root it
# runs apt-get; otherwise it prints the exact command to run.
set -eu

PKGS="build-essential pkg-config
libcurl4-openssl-dev libgumbo-dev libcjson-dev libcmocka-dev libssl-dev zlib1g-dev
iso-codes gnuplot-nox python3 jq time valgrind
clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root: apt-get update && $cmd" >&2
	exit 1
fi
echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$cmd
