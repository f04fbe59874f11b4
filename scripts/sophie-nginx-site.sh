#!/bin/sh
# sophie-nginx-site — render Sophie's nginx site from the settings file.
#
#   sophie-nginx-site [-e ENVFILE] [-t TEMPLATE] [-o OUT] [-n]
#
# Reads ENVFILE (default /etc/sophie/sophie.env; a setting given in the
# environment wins, as for the programs) and writes the site to OUT
# (default: standard output):
#   PUBLIC_BASE_URL      https: HTTPS server, HTTP redirect, HSTS;
#                        http: one HTTP server (no TLS)
#   SOPHIE_TLS_CERT, SOPHIE_TLS_KEY   certificate chain and key (https)
#   SOPHIE_TLS_CHAIN     issuer chain: switches OCSP stapling on
#   SOPHIE_HTTP_LISTEN (80), SOPHIE_HTTPS_LISTEN (443)
#   SOPHIE_ACME_DIR (/var/www/html), SOPHIE_RUN_DIR (/run/sophie)
#   SOPHIE_WEBHOOK_RATE (5000r/s), SOPHIE_LOGIN_RATE (30r/m)
# -n renders without checking that the certificate files exist (make
# install's example).  Exit status 1 with one line naming what is wrong.
# The file is never sourced: values are read, not run.
set -eu

# Installed by make install with the template's installed path.
template=@SITE_TEMPLATE@
envfile=/etc/sophie/sophie.env
out=
check=1

die() { echo "sophie-nginx-site: $*" >&2; exit 1; }

while getopts e:t:o:n opt; do
	case "$opt" in
	e) envfile=$OPTARG ;;
	t) template=$OPTARG ;;
	o) out=$OPTARG ;;
	n) check=0 ;;
	*) echo "usage: sophie-nginx-site [-e ENVFILE] [-t TEMPLATE]" \
	    "[-o OUT] [-n]" >&2; exit 64 ;;
	esac
done
case "$template" in
@*) template="$(cd "$(dirname "$0")/.." && pwd)/nginx/sophie-site.conf.in" ;;
esac
[ -r "$template" ] || die "cannot read the template $template"
[ -r "$envfile" ] || die "cannot read the settings file $envfile"

# The value of setting $1: the environment, else the file's last
# NAME=value line (quotes removed), else $2.
setting() {
	v=$(printenv "$1" 2>/dev/null || true)
	if [ -z "$v" ]; then
		v=$(sed -n "s/^[[:space:]]*\(export[[:space:]]\{1,\}\)\{0,1\}$1=//p" \
		    "$envfile" | tail -n 1 |
		    sed -e 's/[[:space:]]*$//' -e 's/^"\(.*\)"$/\1/' \
		    -e "s/^'\\(.*\\)'\$/\\1/")
	fi
	[ -n "$v" ] || v=${2:-}
	printf '%s' "$v"
}

# A value that goes into the config: no quote, brace, semicolon, space or
# control character can end a directive early.
plain() {
	case "$2" in
	*[\;\{\}\"\'\ \	\\]*|*'$'*)
		die "$1 has a character nginx would misread: $2" ;;
	esac
	printf '%s' "$2" | LC_ALL=C grep -q '[[:cntrl:]]' &&
	    die "$1 has a control character"
	return 0
}

# sed replacement text: & | and \ escaped.
esc() { printf '%s' "$1" | sed -e 's/[&|\\]/\\&/g'; }

base=$(setting PUBLIC_BASE_URL)
base=${base%/}
run=$(setting SOPHIE_RUN_DIR /run/sophie)
listen=$(setting SOPHIE_HTTP_LISTEN 80)
tls_listen=$(setting SOPHIE_HTTPS_LISTEN 443)
cert=$(setting SOPHIE_TLS_CERT)
key=$(setting SOPHIE_TLS_KEY)
chain=$(setting SOPHIE_TLS_CHAIN)
acme=$(setting SOPHIE_ACME_DIR /var/www/html)
wrate=$(setting SOPHIE_WEBHOOK_RATE 5000r/s)
lrate=$(setting SOPHIE_LOGIN_RATE 30r/m)

case "$base" in
https://?*) tls=1 ;;
http://?*) tls=0 ;;
*) die "PUBLIC_BASE_URL must be an http:// or https:// URL" ;;
esac
plain PUBLIC_BASE_URL "$base"
plain SOPHIE_RUN_DIR "$run"
plain SOPHIE_HTTP_LISTEN "$listen"
plain SOPHIE_HTTPS_LISTEN "$tls_listen"
plain SOPHIE_TLS_CERT "$cert"
plain SOPHIE_TLS_KEY "$key"
plain SOPHIE_TLS_CHAIN "$chain"
plain SOPHIE_ACME_DIR "$acme"
plain SOPHIE_WEBHOOK_RATE "$wrate"
plain SOPHIE_LOGIN_RATE "$lrate"
if [ "$tls" = 1 ]; then
	[ -n "$cert" ] || die "SOPHIE_TLS_CERT is missing (PUBLIC_BASE_URL is https)"
	[ -n "$key" ] || die "SOPHIE_TLS_KEY is missing (PUBLIC_BASE_URL is https)"
	if [ "$check" = 1 ]; then
		[ -r "$cert" ] || die "SOPHIE_TLS_CERT $cert cannot be read"
		[ -r "$key" ] || die "SOPHIE_TLS_KEY $key cannot be read"
		[ -z "$chain" ] || [ -r "$chain" ] ||
		    die "SOPHIE_TLS_CHAIN $chain cannot be read"
	fi
	on_tls='s/^#@TLS@//'
	if [ -n "$chain" ]; then
		on_staple='s/^#@STAPLE@//'
	else
		on_staple='/^#@STAPLE@/d'
	fi
else
	on_tls='/^#@TLS@/d'
	on_staple='/^#@STAPLE@/d'
fi

render() {
	sed -e "$on_tls" -e "$on_staple" \
	    -e "s|@RUN@|$(esc "$run")|g" \
	    -e "s|@LISTEN@|$(esc "$listen")|g" \
	    -e "s|@TLS_LISTEN@|$(esc "$tls_listen")|g" \
	    -e "s|@TLS_CERT@|$(esc "$cert")|g" \
	    -e "s|@TLS_KEY@|$(esc "$key")|g" \
	    -e "s|@TLS_CHAIN@|$(esc "$chain")|g" \
	    -e "s|@ACME_DIR@|$(esc "$acme")|g" \
	    -e "s|@PUBLIC_BASE_URL@|$(esc "$base")|g" \
	    -e "s|@WEBHOOK_RATE@|$(esc "$wrate")|g" \
	    -e "s|@LOGIN_RATE@|$(esc "$lrate")|g" "$template"
}

if [ -z "$out" ]; then
	render
else
	render > "$out.new" && mv -f "$out.new" "$out"
fi
