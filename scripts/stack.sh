#!/bin/sh
# Start or stop a whole Sophie suite on loopback, with its state in DIR:
#   a private PostgreSQL cluster (socket in DIR/run), migrations, the demo
#   clinic, the four spawn-fcgi pools, the worker and nginx.
#
#   scripts/stack.sh start DIR     (PORT=8080 by default)
#   scripts/stack.sh stop DIR
#   scripts/stack.sh status DIR
#   scripts/stack.sh restart-app DIR   (the pools and the worker only, so
#       that they read DIR/sophie.env again; PostgreSQL and nginx stay up)
#
# DIR/sophie.env holds the settings; it is written on the first start
# (random JWT_SECRET and SOPHIE_SECRET_KEY) and kept, so data survive a
# restart.  A caller (the tests) may write it first to add settings.
# When run as root, every server runs as the unprivileged user "sophie".
# Options from the environment: B (build dir), PORT, SOPHIE_STACK_FAST=1
# (no fsync: tests), SOPHIE_NO_DEMO=1, SOPHIE_POOL_WEBHOOK (default 8),
# SOPHIE_EXTERNAL_DB=1 (no private cluster: DATABASE_URL, written in
# DIR/sophie.env by the caller, names the database; tests/ha/run.py),
# SOPHIE_NGINX_TIMING=1 (nginx logs each request's time, upstream time and
# status to log/nginx-timing.log, buffered: the bench's server-side view).
set -eu

cmd=${1:-}
dir=${2:-var}
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_MALLOC=glibc.malloc.trim_threshold=16777216:glibc.malloc.top_pad=16777216:glibc.malloc.mmap_threshold=4194304
RUNUSER=sophie

case "$dir" in /*) ;; *) dir="$top/$dir" ;; esac

die() { echo "stack: $*" >&2; exit 1; }

# Is pid running (a zombie waiting for init to reap it counts as gone)?
alive() {
	case "$1" in ''|*[!0-9]*) return 1 ;; esac
	[ -r "/proc/$1/stat" ] || return 1
	! sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | grep -q '^Z'
}


as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$RUNUSER" --regid="$RUNUSER" --clear-groups -- "$@"
	else
		"$@"
	fi
}

ensure_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	id "$RUNUSER" >/dev/null 2>&1 ||
	    useradd --system --no-create-home --shell /usr/sbin/nologin \
	    "$RUNUSER"
}

# When root, the state must be reachable by the unprivileged user; a
# checkout under a private directory gets its state elsewhere, linked.
place_state() {
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] || return 0
	chown "$RUNUSER" "$dir"
	if ! runuser -u "$RUNUSER" -- test -w "$dir" 2>/dev/null; then
		alt="/var/lib/sophie-dev/$(echo "$dir" | cksum | cut -d' ' -f1)"
		mkdir -p "$alt"
		chown "$RUNUSER" "$alt"
		chmod 755 /var/lib/sophie-dev
		rmdir "$dir" 2>/dev/null || true
		[ -e "$dir" ] || ln -s "$alt" "$dir"
		dir="$alt"
	fi
}

rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

write_env() {
	env="$dir/sophie.env"
	port=${PORT:-8080}
	if [ ! -f "$env" ]; then
		cat > "$env" <<EOT
# Written by scripts/stack.sh on first start; kept across restarts.
PORT=$port
EOT
	fi
	# Fill in what the caller did not set.
	grep -q '^PORT=' "$env" || echo "PORT=$port" >> "$env"
	old=$(sed -n 's/^PORT=//p' "$env" | tail -1)
	# A PORT given now wins over the one kept from an earlier start (and
	# the loopback address that goes with it).
	if [ -n "${PORT:-}" ] && [ "$PORT" != "$old" ]; then
		sed -i -e "s|^PORT=.*|PORT=$PORT|" \
		    -e "s|^PUBLIC_BASE_URL=http://127.0.0.1:$old\$|PUBLIC_BASE_URL=http://127.0.0.1:$PORT|" \
		    "$env"
		echo "stack: port $PORT (was $old in $env)"
	fi
	port=$(sed -n 's/^PORT=//p' "$env" | tail -1)
	grep -q '^DATABASE_URL=' "$env" || echo "DATABASE_URL=\"host=$dir/run port=5432 dbname=sophie user=sophie\"" >> "$env"
	grep -q '^JWT_SECRET=' "$env" || echo "JWT_SECRET=$(rand_hex 32)" >> "$env"
	grep -q '^SOPHIE_SECRET_KEY=' "$env" || echo "SOPHIE_SECRET_KEY=$(rand_hex 32)" >> "$env"
	grep -q '^PUBLIC_BASE_URL=' "$env" || echo "PUBLIC_BASE_URL=http://127.0.0.1:$port" >> "$env"
	grep -q '^SOPHIE_DATA_DIR=' "$env" || echo "SOPHIE_DATA_DIR=$dir/data" >> "$env"
	grep -q '^LLM_API_URL=' "$env" || echo "LLM_API_URL=${LLM_API_URL:-off}" >> "$env"
	grep -q '^NODE_ENV=' "$env" || echo "NODE_ENV=development" >> "$env"
	grep -q '^SOPHIE_TEMPLATE_DIR=' "$env" || echo "SOPHIE_TEMPLATE_DIR=$dir/templates" >> "$env"
	grep -q '^SOPHIE_NLU_MODEL=' "$env" || echo "SOPHIE_NLU_MODEL=$dir/nlu/intent.bin" >> "$env"
	chmod 600 "$env"
}

start_pg() {
	if [ ! -f "$dir/pg/PG_VERSION" ]; then
		as_user "$PGBIN/initdb" -D "$dir/pg" -U sophie -A trust \
		    -E UTF8 --locale=C.UTF-8 $fast_initdb >"$dir/log/initdb.log" 2>&1 ||
		    die "initdb failed (see $dir/log/initdb.log)"
	fi
	if as_user "$PGBIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
		return 0
	fi
	# glibc's malloc gives memory back to the system as soon as 128 KiB
	# are free at the top of the heap; a backend that plans a statement
	# at every run then faults the same pages in again each time, which
	# on virtual machines costs more than the planning itself.  Keep
	# 16 MiB, as systemd/postgresql-malloc.conf does in production.
	as_user env GLIBC_TUNABLES="$PG_MALLOC" \
	    "$PGBIN/pg_ctl" -D "$dir/pg" -l "$dir/log/postgres.log" -w \
	    -t 60 -o "-k $dir/run -c listen_addresses='' -p 5432 $fast_pg ${SOPHIE_PG_EXTRA:-}" \
	    start >/dev/null || die "PostgreSQL did not start (see $dir/log/postgres.log)"
	as_user "$PGBIN/psql" -h "$dir/run" -p 5432 -U sophie -d postgres -qAt \
	    -c "SELECT 1 FROM pg_database WHERE datname = 'sophie'" |
	    grep -q 1 || as_user "$PGBIN/createdb" -h "$dir/run" -p 5432 \
	    -U sophie sophie
}

render_nginx() {
	rate=${SOPHIE_WEBHOOK_RATE:-5000r/s}
	login_rate=${SOPHIE_LOGIN_RATE:-30r/m}
	if [ "$(id -u)" -eq 0 ]; then
		userline="user $RUNUSER;"
	else
		userline=""
	fi
	sed -e "s|@RUN@|$dir/run|g" -e "s|@LISTEN@|127.0.0.1:$port|g" \
	    -e "s|@WEBHOOK_RATE@|$rate|g" -e "s|@LOGIN_RATE@|$login_rate|g" \
	    "$top/nginx/sophie-site.conf.in" > "$dir/nginx/sophie-site.conf"
	accesslog="access_log off;"
	if [ "${SOPHIE_NGINX_TIMING:-0}" = 1 ]; then
		accesslog="log_format timing '\$request_time \$upstream_response_time \$status \$uri'; access_log $dir/log/nginx-timing.log timing buffer=256k flush=1s;"
	fi
	sed -e "s|@DIR@|$dir|g" -e "s|@USERLINE@|$userline|g" \
	    -e "s|access_log off;|$accesslog|" \
	    "$top/nginx/nginx-local.conf.in" > "$dir/nginx/nginx.conf"
	/usr/sbin/nginx -t -q -p "$dir/nginx" -c "$dir/nginx/nginx.conf" \
	    -e "$dir/log/nginx-error.log" 2>"$dir/log/nginx-test.log" ||
	    die "nginx -t failed: $(cat "$dir/log/nginx-test.log")"
}

# Copy the programs where the unprivileged user can run them.
install_bins() {
	mkdir -p "$dir/bin" "$dir/templates"
	for p in webhook admin superadmin oauth; do
		cp -f "$top/$B/fcgi-bin/$p" "$dir/bin/$p.new"
		mv -f "$dir/bin/$p.new" "$dir/bin/$p"
	done
	for p in sophie-worker sophiectl; do
		cp -f "$top/$B/bin/$p" "$dir/bin/$p.new"
		mv -f "$dir/bin/$p.new" "$dir/bin/$p"
	done
	cp -R "$top/templates/." "$dir/templates/"
	cp -R "$top/sql" "$dir/"
	mkdir -p "$dir/nlu"
	cp -f "$top/$B/nlu/intent.bin" "$dir/nlu/intent.bin.new"
	mv -f "$dir/nlu/intent.bin.new" "$dir/nlu/intent.bin"
}

start_pool() {
	name=$1 n=$2
	sock="$dir/run/$name.sock"
	[ -f "$dir/run/$name.pid" ] && return 0
	rm -f "$sock"
	if [ "$(id -u)" -eq 0 ]; then
		owner="-u $RUNUSER -U $RUNUSER"
	else
		owner=""
	fi
	# shellcheck disable=SC2086
	env SOPHIE_ENV_FILE="$dir/sophie.env" \
	    spawn-fcgi -s "$sock" -M 0660 -F "$n" -P "$dir/run/$name.pid" \
	    $owner -d "$dir" -- "$dir/bin/$name" \
	    >>"$dir/log/spawn.log" 2>>"$dir/log/$name.log" ||
	    die "spawn-fcgi $name failed (see $dir/log/$name.log)"
}

start_worker() {
	[ -f "$dir/run/worker.pid" ] && alive "$(cat "$dir/run/worker.pid")" && return 0
	if [ "$(id -u)" -eq 0 ]; then
		drop="setpriv --reuid=$RUNUSER --regid=$RUNUSER --clear-groups --"
	else
		drop=""
	fi
	# shellcheck disable=SC2086
	(cd "$dir" && SOPHIE_ENV_FILE="$dir/sophie.env" exec $drop \
	    "$dir/bin/sophie-worker" >>"$dir/log/worker.log" 2>&1 </dev/null) &
	echo $! > "$dir/run/worker.pid"
}

start_nginx() {
	if [ -f "$dir/run/nginx.pid" ] && alive "$(cat "$dir/run/nginx.pid")"; then
		return 0
	fi
	/usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" \
	    -e "$dir/log/nginx-error.log" || die "nginx did not start"
}

wait_health() {
	i=0
	while [ $i -lt 300 ]; do
		if python3 - "$port" <<'PY' 2>/dev/null
import sys, urllib.request
r = urllib.request.urlopen("http://127.0.0.1:%s/health" % sys.argv[1], timeout=2)
sys.exit(0 if r.status == 200 else 1)
PY
		then return 0; fi
		i=$((i + 1))
		sleep 0.1
	done
	die "the suite did not answer /health on 127.0.0.1:$port (logs in $dir/log)"
}

ctl() { (cd "$dir" && SOPHIE_ENV_FILE="$dir/sophie.env" SOPHIE_SQL_DIR="$dir/sql" as_user "$dir/bin/sophiectl" "$@"); }

do_start() {
	[ -x "$top/$B/bin/sophiectl" ] || die "build first (make)"
	ensure_user
	place_state
	mkdir -p "$dir/run" "$dir/log" "$dir/data" "$dir/nginx/tmp" "$dir/pg"
	write_env
	install_bins
	if [ "${SOPHIE_STACK_FAST:-0}" = 1 ]; then
		fast_initdb="--no-sync"
		fast_pg="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	else
		fast_initdb="" fast_pg=""
	fi
	if [ "$(id -u)" -eq 0 ]; then
		chown -R "$RUNUSER" "$dir"
		chmod 755 "$dir"
		chmod 700 "$dir/pg"
	fi
	[ "${SOPHIE_EXTERNAL_DB:-0}" = 1 ] || start_pg
	ctl migrate >/dev/null || die "migrations failed"
	[ "${SOPHIE_NO_DEMO:-0}" = 1 ] || ctl demo >/dev/null || die "demo data failed"
	render_nginx
	start_pool webhook "${SOPHIE_POOL_WEBHOOK:-8}"
	start_pool admin "${SOPHIE_POOL_ADMIN:-4}"
	start_pool superadmin 1
	start_pool oauth 1
	start_worker
	start_nginx
	wait_health
}

kill_pidfile() {
	f=$1
	[ -f "$f" ] || return 0
	pids=$(cat "$f" 2>/dev/null || true)
	for pid in $pids; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $pids; do
		i=0
		while alive "$pid" && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$pid" 2>/dev/null || true
	done
	rm -f "$f"
}

stop_app() {
	kill_pidfile "$dir/run/worker.pid"
	for p in webhook admin superadmin oauth; do
		kill_pidfile "$dir/run/$p.pid"
		rm -f "$dir/run/$p.sock"
	done
}

do_stop() {
	[ -d "$dir" ] || return 0
	[ -L "$dir" ] && dir=$(readlink -f "$dir")
	if [ -f "$dir/run/nginx.pid" ]; then
		kill_pidfile "$dir/run/nginx.pid"
	fi
	stop_app
	if [ -f "$dir/pg/postmaster.pid" ]; then
		as_user "$PGBIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
	fi
}

case "$cmd" in
start)
	do_start
	echo "Sophie is running: http://127.0.0.1:$port/"
	echo "  health:      http://127.0.0.1:$port/health"
	echo "  webhook:     http://127.0.0.1:$port/webhook/whatsapp/{clinicId}"
	[ "${SOPHIE_NO_DEMO:-0}" = 1 ] || ctl demo
	echo "  logs in $dir/log; stop with: make stop"
	;;
stop)
	do_stop
	;;
restart-app)
	[ -L "$dir" ] && dir=$(readlink -f "$dir")
	[ -f "$dir/run/nginx.pid" ] || die "not running: $dir"
	port=$(sed -n 's/^PORT=//p' "$dir/sophie.env" | tail -1)
	stop_app
	start_pool webhook "${SOPHIE_POOL_WEBHOOK:-8}"
	start_pool admin "${SOPHIE_POOL_ADMIN:-4}"
	start_pool superadmin 1
	start_pool oauth 1
	start_worker
	wait_health
	;;
status)
	[ -L "$dir" ] && dir=$(readlink -f "$dir")
	for f in "$dir"/run/*.pid "$dir/pg/postmaster.pid"; do
		[ -f "$f" ] && echo "$f: $(head -1 "$f")"
	done
	;;
*)
	echo "usage: $0 start|stop|status|restart-app DIR" >&2
	exit 64
	;;
esac
