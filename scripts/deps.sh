#!/bin/sh
# Install the Debian packages Sophie needs, only those missing.
# Through sudo when not root; does nothing when everything is there.
set -eu

PKGS="pkg-config libfcgi-dev spawn-fcgi libpq-dev postgresql-15
postgresql-client-15 libcurl4-openssl-dev libjson-c-dev libjwt-dev
libsodium-dev libcmocka-dev nginx-light tzdata python3 ca-certificates
valgrind clang libclang-rt-14-dev g++ fasttext libfasttext-dev"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed"; then
		# nginx may come from another flavour of the package.
		if [ "$p" = nginx-light ] && [ -x /usr/sbin/nginx ]; then
			continue
		fi
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: missing packages:$missing (run as root or install sudo)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts the packaged services; Sophie runs its own, so stop them.
if command -v service >/dev/null 2>&1; then
	$SUDO service nginx stop >/dev/null 2>&1 || true
fi
