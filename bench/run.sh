#!/usr/bin/env bash
# Speed and memory benchmark (not a test): the engine's CLI against a plain OpenCV pipeline, same photos, same run.
# Usage: bench/run.sh [runs] [preset]     needs /usr/bin/python3 with cv2 (Debian: python3-opencv) and ImageMagick.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
PRESET="${2:-kids}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/photos"
# ImageMagick itself (a stand-in called convert may come first on the PATH).
CONVERT="$(command -v convert-im6.q16 || command -v magick || command -v convert)"

# A ~12 MP camera-like JPEG (4000x3000, with sensor-like noise) and a ~1 MP one, made from committed test photos.
"$CONVERT" Coloring.Tests/TestPhotos/dog.png -resize '4000x3000!' -attenuate 0.4 +noise Gaussian -quality 90 "$WORK/photos/12mp.jpg"
"$CONVERT" Coloring.Tests/TestPhotos/house.jpg -resize '1155x866!' -quality 90 "$WORK/photos/1mp.jpg"
ls -l "$WORK/photos" >&2

dotnet build -c Release Coloring.Cli -v q -nologo >&2
# The build leaves compiler servers running; stop them so they do not share the two cores with the measurement.
dotnet build-server shutdown >/dev/null 2>&1 || true
sleep 2
CLI="dotnet Coloring.Cli/bin/Release/net10.0/Coloring.Cli.dll"

echo "== engine (CLI bench, in-process median of $RUNS runs after 3 warm-up runs)"
$CLI bench "$WORK/photos" --runs "$RUNS" --preset "$PRESET" | tee "$WORK/engine.jsonl"
echo "== engine (CLI render, whole process incl. .NET start-up, 12 MP)"
/usr/bin/time -f '{"wallS":%e,"maxRssKb":%M}' $CLI render "$WORK/photos/12mp.jpg" -o "$WORK/12mp-page.png" --preset "$PRESET"
echo "== OpenCV pipeline (in-process median of $RUNS runs after 3 warm-up runs)"
/usr/bin/python3 bench/opencv_pipeline.py "$RUNS" "$WORK/cv-page.png" "$WORK/photos/12mp.jpg" "$WORK/photos/1mp.jpg" | tee "$WORK/cv.jsonl"

/usr/bin/python3 - "$WORK/engine.jsonl" "$WORK/cv.jsonl" <<'PY'
import json, os, sys
eng = {os.path.basename(j["input"]): j for j in map(json.loads, open(sys.argv[1]))}
cv = {os.path.basename(j["input"]): j for j in map(json.loads, open(sys.argv[2]))}
print("== summary")
for name in sorted(eng):
    e, c = eng[name], cv.get(name)
    ratio = e["medianTotalMs"] / c["medianTotalMs"] if c else float("nan")
    print(f"{name}: engine {e['medianTotalMs']:.0f} ms, opencv {c['medianTotalMs'] if c else float('nan'):.0f} ms, "
          f"engine/opencv = {ratio:.2f}, engine peak RSS {e['peakMemoryMb']:.0f} MB")
PY
