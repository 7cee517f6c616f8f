using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
namespace Coloring.Engine;

/// <summary>Measured properties of a rendered page, before they become <see cref="PageMetrics"/>.</summary>
internal sealed record PageMeasurement(double InkCoverage, int Specks, double LargestBlobShare, double SmallRegionShare, int Regions, double MeasuredStrokeWidth);

/// <summary>Quality bounds a page must meet for its preset.</summary>
internal sealed record QualityBounds(double InkMin, double InkMax, double BlobMax, int SpecksMax, double SmallRegionShareMax, int OpenEndsMax)
{
    /// <summary>A page needs at least this many places to color.</summary>
    public int MinRegions => 3;

    public static QualityBounds For(AgePreset preset) => new(0.02, 0.12, 0.005, 0, 0.03, 10);

    public List<string> Check(PageMeasurement m, int openEnds, double strokeWidth)
    {
        var failures = new List<string>();
        if (m.InkCoverage < InkMin) failures.Add($"ink {m.InkCoverage:P1} below {InkMin:P0}");
        if (m.InkCoverage > InkMax) failures.Add($"ink {m.InkCoverage:P1} above {InkMax:P0}");
        if (m.LargestBlobShare > BlobMax) failures.Add($"solid blob {m.LargestBlobShare:P2} above {BlobMax:P1}");
        if (m.Specks > SpecksMax) failures.Add($"{m.Specks} specks");
        if (m.SmallRegionShare > SmallRegionShareMax) failures.Add($"small regions {m.SmallRegionShare:P1} above {SmallRegionShareMax:P0}");
        if (openEnds > OpenEndsMax) failures.Add($"{openEnds} open line ends");
        if (m.Regions < MinRegions) failures.Add($"only {m.Regions} regions to color");
        if (m.MeasuredStrokeWidth < strokeWidth * 0.6 || m.MeasuredStrokeWidth > strokeWidth * 1.6)
        {
            failures.Add($"stroke width {m.MeasuredStrokeWidth:F1}px far from {strokeWidth:F1}px");
        }

        return failures;
    }

    /// <summary>How far outside the bounds a page is (0 = inside); used to keep the best of several tries.</summary>
    public double Penalty(PageMeasurement m, int openEnds) =>
        Math.Max(0, InkMin - m.InkCoverage) * 50 + Math.Max(0, m.InkCoverage - InkMax) * 50
        + Math.Max(0, m.LargestBlobShare - BlobMax) * 200 + m.Specks * 0.1
        + Math.Max(0, m.SmallRegionShare - SmallRegionShareMax) * 20 + Math.Max(0, openEnds - OpenEndsMax) * 0.05 + Math.Max(0, MinRegions - m.Regions) * 0.2;
}

/// <summary>Measures a rendered page with run-length connected components (fast on mostly-white pages).</summary>
internal static class PageInspector
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PageMeasurement Measure(byte[] ink, int w, int h, double strokeWidth, double minRegionSidePx, double strokeLength)
    {
        var runs = new RunComponents(ink, w, h);
        long inkCount = 0;
        var specks = 0;
        var speckSize = Math.Max(4, strokeWidth * 1.5);
        long innerWhite = 0, smallWhite = 0;
        var regions = 0;
        var minArea = minRegionSidePx * minRegionSidePx;
        foreach (var c in runs.Components)
        {
            if (c.Value == 1)
            {
                inkCount += c.Area;
                if (Math.Max(c.MaxX - c.MinX + 1, c.MaxY - c.MinY + 1) < speckSize)
                {
                    specks++;
                }
            }
            else if (c.MinX > 0 && c.MinY > 0 && c.MaxX < w - 1 && c.MaxY < h - 1)
            {
                innerWhite += c.Area;
                regions++;
                if (c.Area < minArea)
                {
                    smallWhite += c.Area;
                }
            }
        }

        var blob = LargestSolidBlob(runs, w, h, strokeWidth);
        var page = (double)w * h;
        return new PageMeasurement(
            inkCount / page,
            specks,
            blob / page,
            innerWhite == 0 ? 1 : (double)smallWhite / innerWhite,
            regions,
            strokeLength > 0 ? inkCount / strokeLength : 0);
    }

    /// <summary>Area of the largest ink blob thicker than 1.6 strokes: ink eroded by a square, its largest piece, grown back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LargestSolidBlob(RunComponents runs, int w, int h, double strokeWidth)
    {
        var r = (int)Math.Ceiling(strokeWidth * 0.8);
        var k = 2 * r + 1;
        // Erosion by a (2r+1)² square: horizontally by shrinking each ink run by r, vertically by counting how many rows
        // in a row each column has stayed inside a shrunk run. Only ink runs longer than 2r are touched, so a page of
        // thin lines costs next to nothing.
        var count = new int[w];
        var last = new int[w];
        Array.Fill(last, -2);
        // The core comes out row by row, left to right, so it is kept as runs (row, from, to-exclusive), not as a
        // page-sized image: thick ink is rare on a good page.
        var core = new List<(int Row, int X0, int X1)>();
        for (var y = 0; y < h; y++)
        {
            foreach (var (start, end) in runs.InkRuns(y))
            {
                for (var x = start + r; x < end - r; x++)
                {
                    count[x] = last[x] == y - 1 ? count[x] + 1 : 1;
                    last[x] = y;
                    if (count[x] >= k)
                    {
                        if (core.Count > 0 && core[^1].Row == y - r && core[^1].X1 == x)
                        {
                            core[^1] = (y - r, core[^1].X0, x + 1);
                        }
                        else
                        {
                            core.Add((y - r, x, x + 1));
                        }
                    }
                }
            }
        }

        if (core.Count == 0)
        {
            return 0;
        }

        var largest = RunComponents.OfInk(core, h).Components.Max(c => c.Area);
        var side = Math.Sqrt(largest) + 2 * r;
        return side * side;
    }
}

/// <summary>Connected components of a 0/1 image built from horizontal runs: ink (1) 8-connected, white (0) 4-connected.</summary>
internal sealed class RunComponents
{
    private readonly int[] rowStart;
    private readonly int[] starts;
    private readonly int[] ends;
    private readonly byte[] values;

    public readonly record struct Component(byte Value, long Area, int MinX, int MinY, int MaxX, int MaxY);

    public List<Component> Components { get; } = [];

    /// <summary>Components of a page-sized 0/1 image.</summary>
    public RunComponents(byte[] img, int w, int h)
        : this(FindRuns(img, w, h))
    {
    }

    private RunComponents((int[] RowStart, int[] Starts, int[] Ends, byte[] Values) runs)
    {
        (rowStart, starts, ends, values) = runs;
        Label();
    }

    /// <summary>Components of ink given as runs (row, from, to-exclusive), sorted by row, then by column, on rows below <paramref name="h"/>.</summary>
    public static RunComponents OfInk(List<(int Row, int X0, int X1)> runs, int h)
    {
        var rowStart = new int[h + 1];
        var starts = new int[runs.Count];
        var ends = new int[runs.Count];
        var values = new byte[runs.Count];
        Array.Fill(values, (byte)1);
        var i = 0;
        for (var y = 0; y < h; y++)
        {
            rowStart[y] = i;
            for (; i < runs.Count && runs[i].Row == y; i++)
            {
                (starts[i], ends[i]) = (runs[i].X0, runs[i].X1);
            }
        }

        rowStart[h] = i;
        return new RunComponents((rowStart, starts, ends, values));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] RowStart, int[] Starts, int[] Ends, byte[] Values) FindRuns(byte[] img, int w, int h)
    {
        // Runs are found in bands of rows on all cores, then laid end to end in row order.
        const int bands = 8;
        var found = new (List<int> Starts, List<int> Ends, List<byte> Values, int[] RowCounts)[bands];
        Parallel.For(0, bands, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (band) =>
        {
            int y0 = band * h / bands, y1 = (band + 1) * h / bands;
            List<int> bandStarts = [], bandEnds = [];
            List<byte> bandValues = [];
            var rowCounts = new int[y1 - y0];
            for (var y = y0; y < y1; y++)
            {
                var before = bandStarts.Count;
                var o = y * w;
                var x = 0;
                while (x < w)
                {
                    var v = img[o + x];
                    var len = img.AsSpan(o + x, w - x).IndexOfAnyExcept(v);
                    if (len < 0)
                    {
                        len = w - x;
                    }

                    bandStarts.Add(x);
                    bandEnds.Add(x + len);
                    bandValues.Add(v);
                    x += len;
                }

                rowCounts[y - y0] = bandStarts.Count - before;
            }

            found[band] = (bandStarts, bandEnds, bandValues, rowCounts);
        });

        var rowStart = new int[h + 1];
        var total = found.Sum(f => f.Starts.Count);
        var starts = new int[total];
        var ends = new int[total];
        var values = new byte[total];
        var next = 0;
        var row = 0;
        foreach (var (bandStarts, bandEnds, bandValues, rowCounts) in found)
        {
            CollectionsMarshal.AsSpan(bandStarts).CopyTo(starts.AsSpan(next));
            CollectionsMarshal.AsSpan(bandEnds).CopyTo(ends.AsSpan(next));
            CollectionsMarshal.AsSpan(bandValues).CopyTo(values.AsSpan(next));
            foreach (var count in rowCounts)
            {
                rowStart[row++] = next;
                next += count;
            }
        }

        rowStart[h] = total;
        return (rowStart, starts, ends, values);
    }

    /// <summary>Links the runs into components: white runs sharing an edge with a run on the row above, ink runs
    /// touching one there, diagonally included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Label()
    {
        var h = rowStart.Length - 1;
        var n = starts.Length;
        var parent = new int[n];
        for (var i = 0; i < n; i++)
        {
            parent[i] = i;
        }

        for (var y = 1; y < h; y++)
        {
            int a = rowStart[y - 1], aEnd = rowStart[y], b = rowStart[y], bEnd = rowStart[y + 1];
            while (a < aEnd && b < bEnd)
            {
                if (values[a] == 0 && values[b] == 0 && starts[a] < ends[b] && starts[b] < ends[a])
                {
                    // White connects only edge to edge (4-connected).
                    int ra = Segmenter.Find(parent, a), rb = Segmenter.Find(parent, b);
                    if (ra != rb)
                    {
                        parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                    }
                }

                if (ends[a] < ends[b])
                {
                    a++;
                }
                else
                {
                    b++;
                }
            }

            // Ink connects diagonally too (8-connected): runs touching or one pixel apart on the row above.
            var p = rowStart[y];
            for (a = rowStart[y - 1]; a < aEnd; a++)
            {
                if (values[a] != 1)
                {
                    continue;
                }

                while (p < bEnd && ends[p] < starts[a])
                {
                    p++;
                }

                for (b = p; b < bEnd && starts[b] <= ends[a]; b++)
                {
                    if (values[b] == 1)
                    {
                        int ra = Segmenter.Find(parent, a), rb = Segmenter.Find(parent, b);
                        if (ra != rb)
                        {
                            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
                        }
                    }
                }
            }
        }

        // Components numbered in order of their first run (top to bottom, left to right).
        var index = new int[n];
        Array.Fill(index, -1);
        var area = new List<long>();
        var box = new List<(int X0, int Y0, int X1, int Y1)>();
        var vals = new List<byte>();
        var boxes = CollectionsMarshal.AsSpan(box);
        for (var y = 0; y < h; y++)
        {
            for (var i = rowStart[y]; i < rowStart[y + 1]; i++)
            {
                var root = Segmenter.Find(parent, i);
                var c = index[root];
                if (c < 0)
                {
                    c = index[root] = area.Count;
                    area.Add(0);
                    box.Add((int.MaxValue, int.MaxValue, -1, -1));
                    boxes = CollectionsMarshal.AsSpan(box);
                    vals.Add(values[i]);
                }

                area[c] += ends[i] - starts[i];
                ref var b = ref boxes[c];
                b = (Math.Min(b.X0, starts[i]), Math.Min(b.Y0, y), Math.Max(b.X1, ends[i] - 1), Math.Max(b.Y1, y));
            }
        }

        for (var c = 0; c < area.Count; c++)
        {
            var (x0, y0, x1, y1) = box[c];
            Components.Add(new Component(vals[c], area[c], x0, y0, x1, y1));
        }
    }

    public IEnumerable<(int Start, int End)> InkRuns(int y)
    {
        for (var i = rowStart[y]; i < rowStart[y + 1]; i++)
        {
            if (values[i] == 1)
            {
                yield return (starts[i], ends[i]);
            }
        }
    }
}
