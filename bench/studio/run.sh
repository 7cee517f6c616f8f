#!/usr/bin/env bash
# Studio benchmark (not a test): starts the app in Release on the embedded defaults with a fresh database, then in
# Chromium times a control's change on /create to the new preview on screen, for one person and for 10 at once, and
# samples the app's memory (RSS) meanwhile.
# Usage: bench/studio/run.sh [changes per person]     needs Node.js, npm, ImageMagick and /usr/bin/chromium.
#   Env: COLORING_BENCH_PORT (57011), COLORING_BENCH_NO_BUILD=1 (use the Release build as it is), CACHE_MB (256;
#   Studio:CacheMegabytes).
set -euo pipefail
cd "$(dirname "$0")"
HERE="$PWD"
ROOT="$(cd ../.. && pwd)"
WORK="$(mktemp -d)"
PORT="${COLORING_BENCH_PORT:-57011}"
cleanup() { [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --silent
# A ~4 MP phone-like photo: the studio works on what a parent uploads.
"${IM_CONVERT:-convert}" "$ROOT/Coloring.Tests/TestPhotos/dog.png" -resize '2400x1600!' -quality 90 "$WORK/4mp.jpg"

[ "${COLORING_BENCH_NO_BUILD:-}" = 1 ] || dotnet build -c Release "$ROOT/Coloring.Web" -v q -nologo >&2
# The limits are lifted for the bench only: eleven people sign in from one address, and each asks for many previews.
L=1000000
env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  ConnectionStrings__Sqlite="Data Source=$WORK/bench.db" Storage__Root="$WORK/storage" Email__MailboxFolder="$WORK/mailbox" \
  Logging__LogLevel__Default=Warning Studio__CacheMegabytes="${CACHE_MB:-256}" \
  RateLimits__Uploads__PermitLimit=$L RateLimits__Previews__PermitLimit=$L RateLimits__SignInLinks__PermitLimit=$L \
  RateLimits__SignInLinksPerAddressAndNetwork__PermitLimit=$L RateLimits__SignInLinksPerAddress__PermitLimit=$L \
  dotnet "$ROOT/Coloring.Web/bin/Release/net10.0/Coloring.Web.dll" --contentRoot "$ROOT/Coloring.Web" > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node "$HERE/studio.mjs" "http://127.0.0.1:$PORT" "$WORK/4mp.jpg" "$APP" "${1:-30}" || { tail -n 40 "$WORK/app.log"; exit 1; }
