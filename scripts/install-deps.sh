#!/bin/sh
# Installs every Debian package that building, testing and running intlkpi
# needs. Idempotent: packages already present are not reinstalled. As root it
# runs apt-get; otherwise it prints the exact command to run.
set -eu

PKGS="build-essential pkg-config
libcurl4-openssl-dev libgumbo-dev libcjson-dev libcmocka-dev libssl-dev zlib1g-dev libisal-dev
libzip-dev libexpat1-dev
iso-codes gnuplot-nox python3 python3-openpyxl jq time valgrind
systemd strace logrotate
chromium fonts-wqy-microhei
clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

# Node.js and npm for the schema validator below, when the machine has none
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"

if [ -n "$missing" ]; then
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
fi

# The JSON Schema validator of the tests (tests/e2e/analyst.sh): ajv-cli and
# ajv-formats from the npm registry.
if ! command -v ajv >/dev/null 2>&1 || [ ! -d "$(npm root -g)/ajv-formats" ]; then
	npm_cmd="npm install -g --no-audit --no-fund ajv-cli@5.0.0 ajv-formats@3.0.1"
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: run as root: $npm_cmd" >&2
		exit 1
	fi
	echo "install-deps: installing ajv-cli and ajv-formats (npm)" >&2
	$npm_cmd
fi

# The browser test of the report (tests/browser/layout.js, run by
# tests/e2e/report.sh): puppeteer-core drives Debian's chromium over the
# DevTools protocol; it downloads no browser of its own. 24.x supports
# Debian's Node.js 18/20.
if [ ! -d "$(npm root -g)/puppeteer-core" ]; then
	npm_cmd="npm install -g --no-audit --no-fund puppeteer-core@24.8.2"
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: run as root: $npm_cmd" >&2
		exit 1
	fi
	echo "install-deps: installing puppeteer-core (npm)" >&2
	$npm_cmd
fi
