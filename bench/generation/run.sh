#!/usr/bin/env bash
# Generation benchmark (not a test): starts the app in Release on the embedded defaults with a fresh
# database, then times Generate-to-page for a ~4 MP photo in Chromium and a burst of 20 jobs.
# Usage: bench/generation/run.sh [runs]     needs Node.js, npm, ImageMagick and /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"
HERE="$PWD"
ROOT="$(cd ../.. && pwd)"
WORK="$(mktemp -d)"
PORT="${COLORING_BENCH_PORT:-5199}"
cleanup() { [ -n "${APP:-}" ] && kill "$APP" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

[ -d node_modules/playwright-core ] || npm install --no-audit --no-fund --silent
convert "$ROOT/Coloring.Tests/TestPhotos/dog.png" -resize '2400x1600!' -quality 90 "$WORK/4mp.jpg"

dotnet build -c Release "$ROOT/Coloring.Web" -v q -nologo >&2
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://localhost:$PORT" \
  ConnectionStrings__Sqlite="Data Source=$WORK/bench.db" Storage__Root="$WORK/storage" Email__MailboxFolder="$WORK/mailbox" \
  Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/Coloring.Web/bin/Release/net10.0/Coloring.Web.dll" --contentRoot "$ROOT/Coloring.Web" > "$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 120); do curl -fs "http://localhost:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node "$HERE/generation.mjs" "http://localhost:$PORT" "$WORK/4mp.jpg" "${1:-3}" | tee "$WORK/bench.jsonl" || { tail -n 40 "$WORK/app.log"; exit 1; }

# The burst drains on the server: poll the jobs table until every job has finished.
python3 - "$WORK/bench.jsonl" "$WORK/bench.db" <<'PY'
import json, sqlite3, sys, time
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
burst = next(l for l in lines if l["bench"] == "burst-submitted")
db = sqlite3.connect(sys.argv[2], timeout=30)
while True:
    total, done, ok = db.execute("select count(*), sum(Status in ('Succeeded','Failed','Canceled')), sum(Status = 'Succeeded') from jobs").fetchone()
    if total and done == total:
        break
    time.sleep(0.1)
drain = time.time() - burst["submittedAtMs"] / 1000
print(json.dumps({"bench": "burst", "jobs": burst["jobs"], "allJobs": total, "succeeded": ok, "drainS": round(drain, 1), "pagesPerSecond": round(burst["jobs"] / drain, 2)}))
PY
