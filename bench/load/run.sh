#!/usr/bin/env bash
# Load test (not a test of the suite): one app instance in Release on loopback, rate limits lifted, driven by
# load.mjs (people through the API, ramped in steps; idle and active Blazor circuits in Chromium).
# Usage: bench/load/run.sh [--postgres]
#   default      SQLite in a fresh temporary folder
#   --postgres   a throwaway PostgreSQL cluster on 127.0.0.1:$COLORING_LOAD_PG_PORT (55446), like test.sh's
# Bounds (env): STEPS (1,2,4,8,16), STEP_SECONDS (30), MAX_REQUESTS (5000), IDLE_CIRCUITS (50), ACTIVE_CIRCUITS (10).
# Needs Node.js + npm, ImageMagick, /usr/bin/chromium, and PostgreSQL's server binaries for --postgres.
set -euo pipefail
cd "$(dirname "$0")"
HERE="$PWD"
ROOT="$(cd ../.. && pwd)"
WORK="$(mktemp -d)"
PORT="${COLORING_LOAD_PORT:-5197}"
PG_PORT="${COLORING_LOAD_PG_PORT:-55446}"
PG_BIN=""
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
  [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null
  [ -n "$PG_BIN" ] && as_pg "'$PG_BIN/pg_ctl' -D '$WORK/pg' -m immediate stop" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --silent
# 1, 2 and 4 MP photos from the test photos (JPEG, as phones send them).
mkdir -p "$WORK/photos"
convert "$ROOT/Coloring.Tests/TestPhotos/dog.png" -resize '1224x816!' -quality 90 "$WORK/photos/1mp-dog.jpg"
convert "$ROOT/Coloring.Tests/TestPhotos/butterfly.jpg" -resize '1732x1155!' -quality 90 "$WORK/photos/2mp-butterfly.jpg"
convert "$ROOT/Coloring.Tests/TestPhotos/fruits.jpg" -resize '2400x1600!' -quality 90 "$WORK/photos/4mp-fruits.jpg"
[ -n "${PHOTOS:-}" ] && find "$WORK/photos" -name '*.jpg' ! -name "$PHOTOS" -delete   # e.g. PHOTOS='1mp*'

DB=(ConnectionStrings__Sqlite="Data Source=$WORK/load.db")
if [ "${1:-}" = "--postgres" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
  as_pg "'$PG_BIN/initdb' -D '$WORK/pg' -A trust -U postgres --no-sync -E UTF8 >/dev/null"
  as_pg "'$PG_BIN/pg_ctl' -D '$WORK/pg' -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200' -l '$WORK/pg/server.log' -w start >/dev/null"
  DB=(ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=coloring_load")
  export PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=coloring_load PG_COUNT=1
  psql -d postgres -qc "create database coloring_load" >/dev/null
fi

# Dotnet build is quick when nothing changed; the bench always measures the current Release build.
dotnet build -c Release "$ROOT/Coloring.Web" -v q -nologo >&2
ADMIN="load-admin@example.com"
L=1000000
env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" "${DB[@]}" \
  Storage__Root="$WORK/storage" Email__MailboxFolder="$WORK/mailbox" Auth__AdminEmails__0="$ADMIN" \
  Logging__LogLevel__Default=Warning Telemetry__PrometheusEnabled=true \
  RateLimits__Uploads__PermitLimit=$L RateLimits__Generations__PermitLimit=$L RateLimits__PdfExports__PermitLimit=$L \
  RateLimits__SignInLinks__PermitLimit=$L RateLimits__SignInLinksPerAddressAndNetwork__PermitLimit=$L \
  RateLimits__SignInLinksPerAddress__PermitLimit=$L \
  dotnet "$ROOT/Coloring.Web/bin/Release/net10.0/Coloring.Web.dll" --contentRoot "$ROOT/Coloring.Web" > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg), database: ${DB[0]%%=*}"
APP_PID=$APP ADMIN_EMAIL="$ADMIN" timeout "${LOAD_TIMEOUT:-1200}" node "$HERE/load.mjs" "http://127.0.0.1:$PORT" "$WORK/photos" \
  || { tail -n 40 "$WORK/app.log"; exit 1; }
