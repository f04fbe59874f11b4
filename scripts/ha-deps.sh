#!/bin/sh
# Install the Debian packages `make test-ha` needs (tests/ha/run.py):
# Patroni, etcd (server and client) and pgbouncer, only those missing.
# Through sudo when not root.  Not part of `make deps`: only the
# high-availability test and a multi-host deployment use them.
set -eu

PKGS="patroni etcd-server etcd-client pgbouncer"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	echo "deps-ha: missing Debian packages:$missing; install them as" \
	    "root with: apt-get install$missing" >&2
	exit 1
fi

echo "deps-ha: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts (or enables) the packaged services; the test runs its
# own on free loopback ports, so stop those.
if command -v service >/dev/null 2>&1; then
	for s in etcd patroni pgbouncer; do
		$SUDO service "$s" stop >/dev/null 2>&1 || true
	done
fi
