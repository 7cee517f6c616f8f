#!/usr/bin/env bash
# Studio previews from the server's side (not a test): POST /api/previews on one app instance in Release on loopback
# (SQLite in a fresh temporary folder, limits lifted), driven by api.mjs: the first preview of a photo and previews after a
# slider change, for one person and for 10 at once, with the app's RSS. The figures go to docs/studio.md ("Server side").
# Usage: bench/studio/api.sh            Env: ROUNDS (4 photos per person alone), CHANGES (12 slider changes per photo),
#   PEOPLE (10), STUDIO_PORT (57001), CACHE_MB (256; Studio:CacheMegabytes), IM_CONVERT (convert: ImageMagick's).
# Needs Node.js + npm (playwright-core, installed into bench/load), ImageMagick, /usr/bin/chromium (to sign in).
set -euo pipefail
cd "$(dirname "$0")"
HERE="$PWD"
ROOT="$(cd ../.. && pwd)"
WORK="$(mktemp -d /tmp/coloring-studio.XXXXXX)"
PORT="${STUDIO_PORT:-57001}"
APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

[ -d "$ROOT/bench/load/node_modules/playwright-core" ] || (cd "$ROOT/bench/load" && npm install --no-audit --no-fund --silent)

# Phone-sized photos (12 MP is stored as 2048 px on its long side, so these are what the studio reads).
mkdir -p "$WORK/photos"
i=0
for p in dog.png butterfly.jpg fruits.jpg house.jpg squirrel.jpg mandrill-face.jpg football-player.jpg toys.png dog-dark-indoor.jpg sweets.png indoor-people.png desk-low-contrast.jpg; do
  i=$((i + 1))
  "${IM_CONVERT:-convert}" "$ROOT/Coloring.Tests/TestPhotos/$p" -resize '2048x2048' -quality 90 "$WORK/photos/$(printf %02d $i)-${p%.*}.jpg"
done

L=1000000
dotnet build -c Release "$ROOT/Coloring.Web" -v q -nologo >&2
env ASPNETCORE_ENVIRONMENT=Development Email__MailboxFolder="$WORK/mailbox" Logging__LogLevel__Default=Warning \
  ConnectionStrings__Sqlite="Data Source=$WORK/studio.db" Storage__Root="$WORK/storage" Studio__CacheMegabytes="${CACHE_MB:-256}" \
  RateLimits__Uploads__PermitLimit=$L RateLimits__Previews__PermitLimit=$L RateLimits__SignInLinks__PermitLimit=$L \
  RateLimits__SignInLinksPerAddressAndNetwork__PermitLimit=$L RateLimits__SignInLinksPerAddress__PermitLimit=$L \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  dotnet "$ROOT/Coloring.Web/bin/Release/net10.0/Coloring.Web.dll" --contentRoot "$ROOT/Coloring.Web" > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
APP_PID="$APP" node "$HERE/api.mjs" "http://127.0.0.1:$PORT" "$WORK/photos"
