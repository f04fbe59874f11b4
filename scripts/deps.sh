#!/bin/sh
# Install the Debian packages Sophie needs, only those missing.
# Through sudo when not root; does nothing when everything is there.
#
# Without root and without sudo, nothing can be installed: the script
# prints one line naming what is missing and the command that installs
# it, then fails only when a package the build or the core suites need is
# missing (the optional ones only skip what uses them: the fuzzers, the
# browser suite).
set -eu

PKGS="pkg-config libfcgi-dev spawn-fcgi libpq-dev postgresql-15
postgresql-client-15 libcurl4-openssl-dev libjson-c-dev libjwt-dev
libsodium-dev libcrypt-dev libcmocka-dev nginx-light tzdata python3 ca-certificates
g++ fasttext libfasttext-dev"
OPTIONAL="valgrind clang libclang-rt-14-dev"

# The packages of the list given that are not installed.
missing_of() {
	out=""
	for p in $1; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "install ok installed"; then
			# nginx may come from another flavour of the package.
			if [ "$p" = nginx-light ] && [ -x /usr/sbin/nginx ]; then
				continue
			fi
			out="$out $p"
		fi
	done
	echo "$out"
}

need=$(missing_of "$PKGS")
opt=$(missing_of "$OPTIONAL")
missing="$need$opt"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo"
else
	if [ -n "$need" ]; then
		echo "deps: missing Debian packages:$missing; install them" \
		    "as root with: apt-get install$missing" >&2
		exit 1
	fi
	echo "deps: optional packages missing:$opt (apt-get install$opt" \
	    "as root); what needs them is skipped" >&2
	exit 0
fi

echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Debian starts the packaged services; Sophie runs its own, so stop them.
if command -v service >/dev/null 2>&1; then
	$SUDO service nginx stop >/dev/null 2>&1 || true
fi
