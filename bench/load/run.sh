#!/usr/bin/env bash
# Load test (not a test of the suite): app instances in Release on loopback, rate limits lifted, driven by load.mjs
# (people through the API and through Blazor circuits, ramped in steps; then idle and active circuits measured).
# Usage: bench/load/run.sh [--postgres | --proxy N | --compare]
#   (none)       one instance on SQLite in a fresh temporary folder
#   --postgres   one instance on a throwaway PostgreSQL cluster on 127.0.0.1:$COLORING_LOAD_PG_PORT (55446)
#   --proxy N    N instances (1 or 2) behind nginx (deploy/nginx/coloring.conf, sticky), sharing a throwaway
#                PostgreSQL, Redis and S3 (s3rver), as compose.yaml runs them; the Scale browser test's topology
#   --compare    --proxy 1 then --proxy 2 with the settings of docs/scale.md's figures, each written to
#                bench/out/load-<time>/, then the tables for docs/scale.md (about 25 minutes on a quiet 2-core machine)
# Bounds (env): STEPS (1,2,4,8,16), STEP_SECONDS (30), MAX_REQUESTS (5000), BROWSER_PEOPLE (0; people making pages in
#   the Create page alongside the API people), IDLE_CIRCUITS (50), ACTIVE_CIRCUITS (10), LOAD_TIMEOUT (1200 s).
# CIRCUIT_PAGES=/,/jobs,/credits measures IDLE_CIRCUITS signed-in tabs of each page in turn (set STEPS= to skip the ramp);
#   {job} in a path is a page the person made first (/jobs/{job}); SCREENSHOTS=<folder> keeps each page at 1280 and 390 px.
# Memory per circuit comes from dotnet-gcdump (a full GC, then the live managed heap), installed into .tools/.
# Needs Node.js + npm, ImageMagick, /usr/bin/chromium; PostgreSQL's server binaries, redis-server and nginx for the
# modes that use them.
set -euo pipefail
cd "$(dirname "$0")"
HERE="$PWD"
ROOT="$(cd ../.. && pwd)"

if [ "${1:-}" = "--compare" ]; then
  # The figures in docs/scale.md: 1 MP photos, a short ramp, two people on the Create page, 200 idle circuits.
  export PHOTOS="${PHOTOS:-1mp*}" STEPS="${STEPS:-2,4,8,16}" STEP_SECONDS="${STEP_SECONDS:-20}" BROWSER_PEOPLE="${BROWSER_PEOPLE:-2}" \
    IDLE_CIRCUITS="${IDLE_CIRCUITS:-200}" ACTIVE_CIRCUITS="${ACTIVE_CIRCUITS:-20}" LOAD_TIMEOUT="${LOAD_TIMEOUT:-1500}"
  OUT="$ROOT/bench/out/load-$(date -u +%Y%m%dT%H%M%SZ)"
  mkdir -p "$OUT"
  for n in 1 2; do
    echo "== $n instance(s) behind nginx; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$HERE/run.sh" --proxy "$n" | tee "$OUT/proxy-$n.jsonl"
  done
  node "$HERE/tables.mjs" "$OUT/proxy-1.jsonl" "$OUT/proxy-2.jsonl" | tee "$OUT/tables.md"
  exit 0
fi

MODE="${1:-sqlite}"
INSTANCES=1
case "$MODE" in
  sqlite | --postgres) ;;
  --proxy) INSTANCES="${2:?--proxy needs the number of instances (1 or 2)}" ;;
  *) echo "usage: $0 [--postgres | --proxy N | --compare]" >&2; exit 2 ;;
esac
WORK="$(mktemp -d /tmp/coloring-load.XXXXXX)"
PORT="${COLORING_LOAD_PORT:-5197}"          # the app (first instance; the next ones take the following ports)
PROXY_PORT="${COLORING_LOAD_PROXY_PORT:-5190}"
PG_PORT="${COLORING_LOAD_PG_PORT:-55446}"
REDIS_PORT="${COLORING_LOAD_REDIS_PORT:-56446}"
S3_PORT="${COLORING_LOAD_S3_PORT:-54446}"
S3RVER_VERSION=3.7.1
GCDUMP_VERSION=10.0.750501
PG_BIN=""
APPS=()
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
  for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  [ -n "${S3RVER:-}" ] && kill "$S3RVER" 2>/dev/null
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  [ -n "$PG_BIN" ] && as_pg "'$PG_BIN/pg_ctl' -D '$WORK/pg' -m immediate stop" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --silent
GCDUMP="$ROOT/.tools/gcdump/dotnet-gcdump"
[ -x "$GCDUMP" ] || dotnet tool install dotnet-gcdump --version "$GCDUMP_VERSION" --tool-path "$ROOT/.tools/gcdump" >/dev/null

# 1, 2 and 4 MP photos from the test photos (JPEG, as phones send them).
mkdir -p "$WORK/photos"
convert() { "$(command -v convert-im6.q16 || command -v convert)" "$@"; }   # ImageMagick itself, not a stand-in
if [ -z "${CIRCUIT_PAGES:-}" ] || [[ "$CIRCUIT_PAGES" == *'{job}'* ]]; then   # idle pages need no photo, but a made page does
  convert "$ROOT/Coloring.Tests/TestPhotos/dog.png" -resize '1224x816!' -quality 90 "$WORK/photos/1mp-dog.jpg"
  convert "$ROOT/Coloring.Tests/TestPhotos/butterfly.jpg" -resize '1732x1155!' -quality 90 "$WORK/photos/2mp-butterfly.jpg"
  convert "$ROOT/Coloring.Tests/TestPhotos/fruits.jpg" -resize '2400x1600!' -quality 90 "$WORK/photos/4mp-fruits.jpg"
fi
[ -n "${PHOTOS:-}" ] && find "$WORK/photos" -name '*.jpg' ! -name "$PHOTOS" -delete   # e.g. PHOTOS='1mp*'

start_postgres() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
  as_pg "'$PG_BIN/initdb' -D '$WORK/pg' -A trust -U postgres --no-sync -E UTF8 >/dev/null"
  as_pg "'$PG_BIN/pg_ctl' -D '$WORK/pg' -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200' -l '$WORK/pg/server.log' -w start >/dev/null"
  export PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=coloring_load PG_COUNT=1
  psql -d postgres -qc "create database coloring_load" >/dev/null
  SETTINGS+=(ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=coloring_load" ConnectionStrings__Sqlite=)
}

ADMIN="load-admin@example.com"
L=1000000
SETTINGS=(ASPNETCORE_ENVIRONMENT=Development Email__MailboxFolder="$WORK/mailbox" Auth__AdminEmails__0="$ADMIN"
  Logging__LogLevel__Default=Warning Telemetry__PrometheusEnabled=true
  RateLimits__Uploads__PermitLimit=$L RateLimits__Generations__PermitLimit=$L RateLimits__PdfExports__PermitLimit=$L
  RateLimits__SignInLinks__PermitLimit=$L RateLimits__SignInLinksPerAddressAndNetwork__PermitLimit=$L
  RateLimits__SignInLinksPerAddress__PermitLimit=$L)
case "$MODE" in
  sqlite) SETTINGS+=(ConnectionStrings__Sqlite="Data Source=$WORK/load.db" Storage__Root="$WORK/storage") ;;
  --postgres) start_postgres; SETTINGS+=(Storage__Root="$WORK/storage") ;;
  --proxy)
    start_postgres
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
      --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
    S3RVER_DIR="$ROOT/.tools/s3rver"   # where test.sh installs it
    if [ "$(node -p "try{require('$S3RVER_DIR/node_modules/s3rver/package.json').version}catch{''}" 2>/dev/null)" != "$S3RVER_VERSION" ]; then
      mkdir -p "$S3RVER_DIR"; npm install --prefix "$S3RVER_DIR" --no-audit --no-fund --silent "s3rver@$S3RVER_VERSION" >/dev/null
    fi
    mkdir -p "$WORK/s3"
    node "$S3RVER_DIR/node_modules/s3rver/bin/s3rver.js" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent \
      --configure-bucket coloring-load >"$WORK/s3rver.log" 2>&1 &
    S3RVER=$!
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break; sleep 0.1; done
    SETTINGS+=(ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" Storage__S3__ServiceUrl="http://127.0.0.1:$S3_PORT"
      Storage__S3__Bucket=coloring-load Storage__S3__AccessKey=S3RVER Storage__S3__SecretKey=S3RVER
      App__BaseUrl="http://localhost:$PROXY_PORT" App__TrustedProxies__0=127.0.0.1) ;;
esac

# Dotnet build is quick when nothing changed; the bench always measures the current Release build.
dotnet build -c Release "$ROOT/Coloring.Web" -v q -nologo >&2
URLS=()
for i in $(seq 1 "$INSTANCES"); do
  port=$((PORT + i - 1))
  # One after the other: the first migrates the database.
  env "${SETTINGS[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet "$ROOT/Coloring.Web/bin/Release/net10.0/Coloring.Web.dll" --contentRoot "$ROOT/Coloring.Web" > "$WORK/app$i.log" 2>&1 &
  APPS+=($!)
  URLS+=("http://127.0.0.1:$port")
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
done

BASE="${URLS[0]}"
if [ "$MODE" = --proxy ]; then
  # The site configuration as deployed, with loopback ports filled in (as Coloring.E2E/Scale does).
  mkdir -p "$WORK/nginx"; chmod 777 "$WORK" "$WORK/nginx"
  servers=""
  for i in $(seq 1 "$INSTANCES"); do servers+="    server 127.0.0.1:$((PORT + i - 1)) max_fails=1 fail_timeout=10s;\n"; done
  sed -e '/server app[0-9]*:8080/d' -e "s|    keepalive 16;|$servers    keepalive 16;|" \
    -e "s|listen 80;|listen 127.0.0.1:$PROXY_PORT; listen [::1]:$PROXY_PORT;|" "$ROOT/deploy/nginx/coloring.conf" > "$WORK/nginx/site.conf"
  cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  include $WORK/nginx/site.conf;
}
EOF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
  BASE="http://localhost:$PROXY_PORT"   # "localhost", so Chromium keeps the Secure cookie over http
  for _ in $(seq 1 60); do curl -fs "$BASE/health/live" >/dev/null && break; sleep 0.5; done
fi

echo "{\"load\":\"machine\",\"mode\":\"${MODE#--}\",\"instances\":$INSTANCES,\"cores\":$(nproc),\"memoryGb\":$(free -g | awk '/Mem/{print $2}'),\"loadAverage\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"at\":\"$(date -u +%FT%TZ)\"}"
APP_PIDS="${APPS[*]}" APP_URLS="${URLS[*]}" GCDUMP="$GCDUMP" ADMIN_EMAIL="$ADMIN" \
  timeout "${LOAD_TIMEOUT:-1200}" node "$HERE/load.mjs" "$BASE" "$WORK/photos" \
  || { for i in $(seq 1 "$INSTANCES"); do tail -n 40 "$WORK/app$i.log" >&2; done; exit 1; }
echo "{\"load\":\"machine-after\",\"loadAverage\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
