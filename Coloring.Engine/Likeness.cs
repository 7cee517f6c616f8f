using System.Runtime.CompilerServices;
using System.Text.Json;
using SkiaSharp;

namespace Coloring.Engine;

/// <summary>A named part of a photo (an eye, the head) as a box in 0..1 photo coordinates.</summary>
internal sealed record PartBox(string Name, double X0, double Y0, double X1, double Y1);

/// <summary>How much of one part the page draws: the share of the photo's own edges inside the box that have a page
/// line close by.</summary>
internal sealed record PartScore(string Name, int Edges, double Covered)
{
    /// <summary>A part counts as drawn when at least this share of its edges has a line close by.</summary>
    public const double TracedShare = 0.4;

    /// <summary>True when the page draws the part (a box without any edge of the photo counts as not drawn).</summary>
    public bool Traced => Edges > 0 && Covered >= TracedShare;
}

/// <summary>One page measured against its photo.</summary>
/// <param name="Parts">Each annotated part.</param>
/// <param name="Precision">Share of the page's line centres (frame excepted) within the tolerance of a photo edge.</param>
internal sealed record LikenessScore(IReadOnlyList<PartScore> Parts, double Precision)
{
    public double TracedShare => Parts.Count == 0 ? 0 : Parts.Count(p => p.Traced) / (double)Parts.Count;
}

/// <summary>
/// The likeness measure of <c>bench/likeness</c> and of the likeness tests (design note "Likeness comes first"): the
/// photo's own edges (Canny: Gaussian σ 1.5, Sobel, non-maximum suppression, hysteresis 40/100 on |gx|+|gy|) at a fixed
/// working size, against the page's stroke centre lines drawn at that size. A part is traced when at least 40 % of the
/// edges inside its box have a line within 0.5 % of the picture's long side.
/// </summary>
internal static class Likeness
{
    /// <summary>Long side of the picture the edges and lines are compared at.</summary>
    public const int LongSide = 1024;

    /// <summary>Closeness that counts, as a share of the picture's long side.</summary>
    public const double Tolerance = 0.005;

    /// <summary>The photo's edges at <see cref="LongSide"/>: 1 on an edge pixel.</summary>
    internal sealed record EdgeMap(byte[] Edges, int Width, int Height);

    public static EdgeMap PhotoEdges(ReadOnlySpan<byte> photo)
    {
        var image = PhotoReader.DecodeForWork(photo, LongSide, out _);
        var s = (double)LongSide / Math.Max(image.Width, image.Height);
        int w = (int)Math.Round(image.Width * s), h = (int)Math.Round(image.Height * s);
        var grey = new float[w * h];
        using (var src = new SKBitmap())
        {
            var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(image.Pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
            try
            {
                src.InstallPixels(info, handle.AddrOfPinnedObject(), info.RowBytes);
                using var resized = src.Resize(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell));
                var px = resized.GetPixelSpan();
                for (var i = 0; i < grey.Length; i++)
                {
                    grey[i] = 0.299f * px[4 * i] + 0.587f * px[4 * i + 1] + 0.114f * px[4 * i + 2];
                }
            }
            finally
            {
                handle.Free();
            }
        }

        return new EdgeMap(Canny(DetailLines.Gauss(grey, w, h, 1.5), w, h, 40, 100), w, h);
    }

    /// <summary>Canny's non-maximum suppression and hysteresis on an already smoothed image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] Canny(float[] g, int w, int h, float low, float high)
    {
        var mag = new float[w * h];
        var dir = new byte[w * h];
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var p = y * w + x;
                var gx = g[p - w + 1] + 2 * g[p + 1] + g[p + w + 1] - g[p - w - 1] - 2 * g[p - 1] - g[p + w - 1];
                var gy = g[p + w - 1] + 2 * g[p + w] + g[p + w + 1] - g[p - w - 1] - 2 * g[p - w] - g[p - w + 1];
                mag[p] = Math.Abs(gx) + Math.Abs(gy);
                // 0: horizontal gradient, 1: 45°, 2: vertical, 3: 135° (tan 22.5° ≈ 0.4142).
                float ax = Math.Abs(gx), ay = Math.Abs(gy);
                dir[p] = ay <= ax * 0.4142f ? (byte)0 : ax <= ay * 0.4142f ? (byte)2 : (gx > 0) == (gy > 0) ? (byte)1 : (byte)3;
            }
        }

        var state = new byte[w * h]; // 0 none, 1 weak, 2 strong
        var stack = new Stack<int>();
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var p = y * w + x;
                var m = mag[p];
                if (m <= low)
                {
                    continue;
                }

                var o = dir[p] switch { 0 => 1, 2 => w, 1 => w + 1, _ => w - 1 };
                if (m <= mag[p - o] || m < mag[p + o])
                {
                    continue;
                }

                state[p] = m > high ? (byte)2 : (byte)1;
                if (state[p] == 2)
                {
                    stack.Push(p);
                }
            }
        }

        var edges = new byte[w * h];
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            if (edges[p] == 1)
            {
                continue;
            }

            edges[p] = 1;
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var q = p + dy * w + dx;
                    if (q >= 0 && q < state.Length && state[q] != 0 && edges[q] == 0)
                    {
                        stack.Push(q);
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>The page's stroke centre lines at the edge map's size (1 px wide), without the picture's frame.</summary>
    public static byte[] PageLines(ColoringPage page, EdgeMap edges)
    {
        var layout = PageLayout.Fit(page.Paper, page.Metrics.WorkingWidth, page.Metrics.WorkingHeight);
        var s = (double)edges.Width / (page.Metrics.WorkingWidth * layout.Scale);
        var info = new SKImageInfo(edges.Width, edges.Height, SKColorType.Alpha8, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale((float)s);
        canvas.Translate((float)-layout.OffsetX, (float)-layout.OffsetY);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 0 };
        foreach (var d in page.Drawing.PathData)
        {
            using var path = SKPath.ParseSvgPathData(d);
            if (path is not null)
            {
                canvas.DrawPath(path, paint);
            }
        }

        using var image = surface.Snapshot();
        var alpha = new byte[edges.Width * edges.Height];
        using (var pixmap = image.PeekPixels())
        {
            pixmap.GetPixelSpan<byte>().CopyTo(alpha);
        }

        var lines = new byte[alpha.Length];
        const int frame = 2; // the frame line lies on the picture's border
        for (var y = frame; y < edges.Height - frame; y++)
        {
            for (var x = frame; x < edges.Width - frame; x++)
            {
                lines[y * edges.Width + x] = alpha[y * edges.Width + x] > 0 ? (byte)1 : (byte)0;
            }
        }

        return lines;
    }

    /// <summary>Measures <paramref name="page"/> against its photo's <paramref name="edges"/> and annotated parts.</summary>
    public static LikenessScore Measure(ColoringPage page, EdgeMap edges, IEnumerable<PartBox> parts)
    {
        int w = edges.Width, h = edges.Height;
        var lines = PageLines(page, edges);
        var tolerance = Tolerance * Math.Max(w, h);
        var toLine = Distance(lines, w, h);
        var toEdge = Distance(edges.Edges, w, h);
        var scores = new List<PartScore>();
        foreach (var part in parts)
        {
            int x0 = Math.Clamp((int)(part.X0 * w), 0, w), x1 = Math.Clamp((int)Math.Ceiling(part.X1 * w), 0, w);
            int y0 = Math.Clamp((int)(part.Y0 * h), 0, h), y1 = Math.Clamp((int)Math.Ceiling(part.Y1 * h), 0, h);
            int count = 0, near = 0;
            for (var y = y0; y < y1; y++)
            {
                for (var x = x0; x < x1; x++)
                {
                    var p = y * w + x;
                    if (edges.Edges[p] != 0)
                    {
                        count++;
                        near += toLine[p] <= tolerance ? 1 : 0;
                    }
                }
            }

            scores.Add(new PartScore(part.Name, count, count == 0 ? 0 : near / (double)count));
        }

        int linePixels = 0, onEdge = 0;
        for (var p = 0; p < lines.Length; p++)
        {
            if (lines[p] != 0)
            {
                linePixels++;
                onEdge += toEdge[p] <= tolerance ? 1 : 0;
            }
        }

        return new LikenessScore(scores, linePixels == 0 ? 0 : onEdge / (double)linePixels);
    }

    private static float[] Distance(byte[] sources, int w, int h)
    {
        const int big = 1 << 20;
        var d = new int[sources.Length];
        for (var p = 0; p < d.Length; p++)
        {
            d[p] = sources[p] != 0 ? 0 : big;
        }

        return DetailLines.Chamfer(d, w, h);
    }

    /// <summary>Names of the two eye boxes a portrait's or a pet's annotation has.</summary>
    public static readonly string[] EyeNames = ["left eye", "right eye"];

    /// <summary>Whether both eyes are traced; null when the photo has no annotated pair of eyes.</summary>
    public static bool? EyesTraced(LikenessScore score)
    {
        var eyes = score.Parts.Where(p => EyeNames.Contains(p.Name)).ToList();
        return eyes.Count == EyeNames.Length ? eyes.All(e => e.Traced) : null;
    }

    /// <summary>Reads the annotation file: <c>{"photo.jpg": {"left eye": [x0, y0, x1, y1], ...}, ...}</c>.</summary>
    public static Dictionary<string, List<PartBox>> ReadParts(string json)
    {
        var result = new Dictionary<string, List<PartBox>>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var photo in doc.RootElement.EnumerateObject())
        {
            var boxes = new List<PartBox>();
            foreach (var part in photo.Value.EnumerateObject())
            {
                var v = part.Value.EnumerateArray().Select(e => e.GetDouble()).ToArray();
                if (v.Length != 4 || v[0] >= v[2] || v[1] >= v[3] || v.Any(c => c < 0 || c > 1))
                {
                    throw new FormatException($"{photo.Name}: '{part.Name}' is not a box [x0, y0, x1, y1] in 0..1");
                }

                boxes.Add(new PartBox(part.Name, v[0], v[1], v[2], v[3]));
            }

            result[photo.Name] = boxes;
        }

        return result;
    }
}
