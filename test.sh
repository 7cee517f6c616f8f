#!/usr/bin/env bash
# Runs every test project against real services: installs what is missing (PostgreSQL, Redis,
# Chromium, npm, nginx from Debian's packages; s3rver and axe-core from npm into .tools/), starts throwaway PostgreSQL,
# Redis and S3 (s3rver) servers on loopback,
# runs the tests, and stops what it started. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

PG_PORT="${COLORING_PG_PORT:-55432}"
REDIS_PORT="${COLORING_REDIS_PORT:-56379}"
S3_PORT="${COLORING_S3_PORT:-54569}"
S3RVER_VERSION=3.7.1
WORK="$(mktemp -d /tmp/coloring-test.XXXXXX)"
RESULTS="${COLORING_TEST_RESULTS:-$PWD/TestResults}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v npm >/dev/null || missing+=(npm)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian's packages..."
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

PG_BIN=""
PG_DATA="$WORK/pg"
start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  mkdir -p "$PG_DATA"
  local opts="-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the throwaway cluster belongs to the postgres user.
    chown -R postgres "$WORK"
    su postgres -s /bin/sh -c "'$PG_BIN/initdb' -D '$PG_DATA' -A trust -U postgres --no-sync -E UTF8 >/dev/null"
    su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$PG_DATA' -o '$opts' -l '$PG_DATA/server.log' -w start >/dev/null"
  else
    "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-sync -E UTF8 >/dev/null
    "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "$opts" -l "$PG_DATA/server.log" -w start >/dev/null
  fi
}

stop_all() {
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "'$PG_BIN/pg_ctl' -D '$PG_DATA' -m immediate stop" >/dev/null 2>&1 || true
    else "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true; fi
  fi
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  [ -f "$WORK/s3rver.pid" ] && kill "$(cat "$WORK/s3rver.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop_all EXIT

install_missing
start_postgres
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"

# An S3-compatible server (MIT) for the object-store tests, pinned, installed into the ignored .tools/ folder.
S3RVER_DIR="$PWD/.tools/s3rver"
if [ "$(node -p "try{require('$S3RVER_DIR/node_modules/s3rver/package.json').version}catch{''}" 2>/dev/null)" != "$S3RVER_VERSION" ]; then
  mkdir -p "$S3RVER_DIR"
  npm install --prefix "$S3RVER_DIR" --no-audit --no-fund --silent "s3rver@$S3RVER_VERSION" >/dev/null
fi
mkdir -p "$WORK/s3"

# axe-core (MPL-2.0), pinned: the browser tests inject it into every page to check accessibility.
AXE_VERSION=4.14.1
AXE_DIR="$PWD/.tools/axe"
if [ "$(node -p "try{require('$AXE_DIR/node_modules/axe-core/package.json').version}catch{''}" 2>/dev/null)" != "$AXE_VERSION" ]; then
  mkdir -p "$AXE_DIR"
  npm install --prefix "$AXE_DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null
fi
export COLORING_AXE="$AXE_DIR/node_modules/axe-core/axe.min.js"
node "$S3RVER_DIR/node_modules/s3rver/bin/s3rver.js" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent >"$WORK/s3rver.log" 2>&1 &
echo $! >"$WORK/s3rver.pid"
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break; sleep 0.1; done

export COLORING_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Pooling=true;Maximum Pool Size=50"
export COLORING_TEST_REDIS="127.0.0.1:$REDIS_PORT"
export COLORING_TEST_S3="http://127.0.0.1:$S3_PORT"
export COLORING_TEST_S3_DIR="$WORK/s3"
export COLORING_NGINX="${COLORING_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
export COLORING_CHROMIUM="${COLORING_CHROMIUM:-$(command -v chromium)}"
export COLORING_TEST_OUTPUT="$RESULTS"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
status=0
dotnet test Coloring.slnx -c Release --logger "trx" --results-directory "$RESULTS" "$@" || status=$?

# One plain closing line, summed over every test project.
python3 - "$RESULTS" <<'PY' || true
import glob, re, sys
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    m = re.search(r'<Counters [^>]*', open(path, encoding="utf-8").read())
    if m:
        c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
        passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
        skipped += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
