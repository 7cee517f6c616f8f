#!/usr/bin/env bash
# The engine's pages, fingerprinted: renders every test photo (Coloring.Tests/TestPhotos/**) at every preset to PNG
# and SVG with the CLI and prints "sha256  preset/folder/name.{png,svg}", sorted. Run it before and after a change
# that must not change a page, and diff the two lists:
#   bench/pages/hashes.sh > /tmp/before.txt; ...change...; bench/pages/hashes.sh > /tmp/after.txt; diff /tmp/before.txt /tmp/after.txt
# Takes about a minute per preset on one core. CLI=<path to Coloring.Cli.dll> uses a CLI built elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${CLI:-}" ]]; then
  dotnet build -c Release Coloring.Cli -v q -nologo >&2
  CLI=Coloring.Cli/bin/Release/net10.0/Coloring.Cli.dll
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for preset in toddler kids detailed; do
  while IFS= read -r folder; do
    rel=${folder#Coloring.Tests/TestPhotos}
    dotnet "$CLI" render "$folder" -o "$OUT/$preset$rel/" --preset "$preset" --svg > /dev/null 2>> "$OUT/errors.txt" || true
  done < <(find Coloring.Tests/TestPhotos -type d | sort)
done
(cd "$OUT" && find . -name '*.png' -o -name '*.svg' | sort | xargs sha256sum)
if [[ -s "$OUT/errors.txt" ]]; then sed 's/^/# /' "$OUT/errors.txt"; fi
