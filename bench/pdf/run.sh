#!/usr/bin/env bash
# PDF export benchmark (not a test): one page, a 50-page book (time and peak memory) and one-page PDF size.
# The pages are the engine's own SVGs of every committed test photo at the "detailed" preset (the most strokes),
# read and drawn exactly as the export does (PageStrokes.ReadSvg + PdfExporter.Write); the database and file
# reads of the app are left out. Usage: bench/pdf/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

dotnet build -c Release Coloring.Cli -v q -nologo >&2
dotnet build -c Release Coloring.Web -v q -nologo >&2
CLI="dotnet Coloring.Cli/bin/Release/net10.0/Coloring.Cli.dll"
# pdf and pdf-bench are commands of the web host (they need the domain's PDF export, which the engine's CLI has not).
WEB="dotnet Coloring.Web/bin/Release/net10.0/Coloring.Web.dll"
$CLI render Coloring.Tests/TestPhotos -o "$WORK/pages" --preset detailed --svg > /dev/null
echo "== $(ls "$WORK"/pages/*.svg | wc -l) page SVGs, $(du -ch "$WORK"/pages/*.svg | tail -1 | cut -f1) in all; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== in-process: median of $RUNS runs per page after a warm-up; the book with a cover and the free-tier note"
$WEB pdf-bench "$WORK/pages" --runs "$RUNS" --book 50
echo "== whole process, 13-page book incl. .NET start-up"
/usr/bin/time -f '{"wallS":%e,"maxRssKb":%M}' $WEB pdf "$WORK/pages" -o "$WORK/book.pdf" --title "Our coloring book" --cover --watermark
