using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace Coloring.Engine;

/// <summary>A traced boundary in working-pixel corner coordinates.</summary>
internal sealed record Boundary(double[] X, double[] Y, bool Closed);

/// <summary>Traced strokes ready to draw, in page pixels.</summary>
/// <param name="DetailStrokes">How many of the paths (at the end) are interior detail lines.</param>
internal sealed record TracedStrokes(IReadOnlyList<string> PathData, double TotalLength, int OpenEnds, int DetailStrokes = 0);

/// <summary>Traces the boundaries between labelled regions (plus the picture's frame) along pixel cracks.
/// Every boundary runs from junction to junction or closes on itself, so regions are closed by construction.
/// Written for this project; it follows no GPL code.</summary>
internal static class BoundaryTracer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Boundary> Trace(int[] labels, int w, int h)
    {
        var edges = new CrackEdges(labels, w, h);
        var result = new List<Boundary>();
        edges.WalkFromJunctions(result);
        edges.WalkIslands(result);
        return result;
    }

    /// <summary>The cracks between pixels of different labels (and the frame), walked once each into boundaries.
    /// Corners are at (x, y) with 0 &lt;= x &lt;= w and 0 &lt;= y &lt;= h; horizontal edge (x, y) runs from corner (x, y) to
    /// (x + 1, y), vertical edge (x, y) from (x, y) to (x, y + 1).</summary>
    private sealed class CrackEdges
    {
        private readonly int w;
        private readonly int h;
        private readonly int hw;
        private readonly int vw;
        private readonly bool[] hEdge;
        private readonly bool[] vEdge;
        private readonly bool[] hSeen;
        private readonly bool[] vSeen;
        private readonly List<double> xs = [];
        private readonly List<double> ys = [];

        public CrackEdges(int[] labels, int w, int h)
        {
            (this.w, this.h, hw, vw) = (w, h, w, w + 1);
            hEdge = new bool[w * (h + 1)];
            vEdge = new bool[(w + 1) * h];
            for (var y = 0; y <= h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    hEdge[y * hw + x] = y == 0 || y == h || labels[(y - 1) * w + x] != labels[y * w + x];
                }
            }

            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x <= w; x++)
                {
                    vEdge[y * vw + x] = x == 0 || x == w || labels[y * w + x - 1] != labels[y * w + x];
                }
            }

            hSeen = new bool[hEdge.Length];
            vSeen = new bool[vEdge.Length];
        }

        /// <summary>Walks every edge leaving a junction (a frame corner, or a corner where other than two edges meet)
        /// to the next junction.</summary>
        public void WalkFromJunctions(List<Boundary> result)
        {
            for (var y = 0; y <= h; y++)
            {
                for (var x = 0; x <= w; x++)
                {
                    if (!IsJunction(x, y))
                    {
                        continue;
                    }

                    for (var d = 0; d < 4; d++)
                    {
                        var e = EdgeIndex(x, y, d, out var horizontal);
                        if (e >= 0 && !Seen(e, horizontal))
                        {
                            result.Add(Walk(x, y, d, stopAtStart: false));
                        }
                    }
                }
            }
        }

        /// <summary>Walks what is left: closed loops through degree-2 corners only (islands).</summary>
        public void WalkIslands(List<Boundary> result)
        {
            for (var y = 0; y <= h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    if (hEdge[y * hw + x] && !hSeen[y * hw + x])
                    {
                        result.Add(Walk(x, y, 0, stopAtStart: true));
                    }
                }
            }
        }

        /// <summary>Index of the edge leaving corner (x,y) in direction d (0 right, 1 down, 2 left, 3 up), or -1.</summary>
        private int EdgeIndex(int x, int y, int d, out bool horizontal)
        {
            horizontal = d is 0 or 2;
            return d switch
            {
                0 => x < w && hEdge[y * hw + x] ? y * hw + x : -1,
                2 => x > 0 && hEdge[y * hw + x - 1] ? y * hw + x - 1 : -1,
                1 => y < h && vEdge[y * vw + x] ? y * vw + x : -1,
                _ => y > 0 && vEdge[(y - 1) * vw + x] ? (y - 1) * vw + x : -1,
            };
        }

        private int Degree(int x, int y)
        {
            var n = 0;
            for (var d = 0; d < 4; d++)
            {
                if (EdgeIndex(x, y, d, out _) >= 0)
                {
                    n++;
                }
            }

            return n;
        }

        private bool IsJunction(int x, int y) => ((x == 0 || x == w) && (y == 0 || y == h)) || Degree(x, y) is not 2 and > 0;

        private bool Seen(int index, bool horizontal) => horizontal ? hSeen[index] : vSeen[index];

        private void MarkSeen(int index, bool horizontal)
        {
            if (horizontal)
            {
                hSeen[index] = true;
            }
            else
            {
                vSeen[index] = true;
            }
        }

        /// <summary>Follows unseen edges from corner (x, y) leaving in direction d, to a junction or (for an island)
        /// back to the start, marking them seen.</summary>
        private Boundary Walk(int x, int y, int d, bool stopAtStart)
        {
            xs.Clear();
            ys.Clear();
            int sx = x, sy = y;
            xs.Add(x);
            ys.Add(y);
            while (true)
            {
                var e = EdgeIndex(x, y, d, out var horizontal);
                MarkSeen(e, horizontal);
                x += d == 0 ? 1 : d == 2 ? -1 : 0;
                y += d == 1 ? 1 : d == 3 ? -1 : 0;
                xs.Add(x);
                ys.Add(y);
                if (stopAtStart ? x == sx && y == sy : IsJunction(x, y))
                {
                    break;
                }

                var next = NextDirection(x, y, d);
                if (next < 0)
                {
                    break;
                }

                d = next;
            }

            var closed = xs.Count > 2 && xs[0] == xs[^1] && ys[0] == ys[^1];
            if (closed && stopAtStart)
            {
                xs.RemoveAt(xs.Count - 1);
                ys.RemoveAt(ys.Count - 1);
            }

            return new Boundary([.. xs], [.. ys], closed && stopAtStart);
        }

        /// <summary>The first direction (right, down, left, up) other than straight back with an unseen edge, or -1.</summary>
        private int NextDirection(int x, int y, int d)
        {
            for (var nd = 0; nd < 4; nd++)
            {
                if (nd == ((d + 2) & 3))
                {
                    continue;
                }

                var ne = EdgeIndex(x, y, nd, out var nh);
                if (ne >= 0 && !Seen(ne, nh))
                {
                    return nd;
                }
            }

            return -1;
        }
    }

    /// <summary>Smooths each boundary, simplifies it, fits cubic curves and maps it onto the page.</summary>
    public static TracedStrokes ToStrokes(List<Boundary> boundaries, int smoothPasses, double scale, double offsetX, double offsetY, int imageWidth, int imageHeight)
    {
        // Each boundary becomes its path on its own (spread over the cores); lengths are added up afterwards in
        // boundary order, so the total is the same however the work was split.
        var paths = new string?[boundaries.Count];
        var lengths = new double[boundaries.Count][];
        Parallel.For(0, boundaries.Count, i =>
            (paths[i], lengths[i]) = ToPath(boundaries[i], smoothPasses, scale, offsetX, offsetY, imageWidth, imageHeight));
        double total = 0;
        var ends = new Dictionary<(double, double), int>();
        for (var i = 0; i < boundaries.Count; i++)
        {
            var b = boundaries[i];
            if (!b.Closed)
            {
                var k0 = (b.X[0], b.Y[0]);
                var k1 = (b.X[^1], b.Y[^1]);
                ends[k0] = ends.GetValueOrDefault(k0) + 1;
                ends[k1] = ends.GetValueOrDefault(k1) + 1;
            }

            foreach (var length in lengths[i])
            {
                total += length;
            }
        }

        var open = ends.Values.Count(c => c == 1);
        return new TracedStrokes([.. paths.OfType<string>()], total, open);
    }

    /// <summary>One boundary as SVG path data in page pixels (null when it simplifies to a point) and its segments' lengths.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (string? Path, double[] Lengths) ToPath(Boundary b, int smoothPasses, double scale, double offsetX, double offsetY, int imageWidth, int imageHeight)
    {
        var onFrame = IsOnFrame(b, imageWidth, imageHeight);
        var (xs, ys) = onFrame ? (b.X, b.Y) : Smooth(b, smoothPasses);
        var keep = Simplify(xs, ys, b.Closed, onFrame ? 0.01 : 0.3);
        var n = keep.Count;
        if (n < 2)
        {
            return (null, []);
        }

        var px = new double[n];
        var py = new double[n];
        for (var i = 0; i < n; i++)
        {
            px[i] = Math.Round(offsetX + xs[keep[i]] * scale, 1);
            py[i] = Math.Round(offsetY + ys[keep[i]] * scale, 1);
        }

        var sb = new StringBuilder(n * 40);
        sb.Append('M');
        AppendNumber(sb, px[0]);
        sb.Append(' ');
        AppendNumber(sb, py[0]);
        var segments = b.Closed ? n : n - 1;
        var lengths = new double[segments];
        for (var i = 0; i < segments; i++)
        {
            var i1 = (i + 1) % n;
            lengths[i] = Math.Sqrt((px[i1] - px[i]) * (px[i1] - px[i]) + (py[i1] - py[i]) * (py[i1] - py[i]));
            if (onFrame || (n == 2 && !b.Closed))
            {
                sb.Append(" L");
                AppendNumber(sb, px[i1]);
                sb.Append(' ');
                AppendNumber(sb, py[i1]);
                continue;
            }

            // Catmull-Rom through the kept points, written as cubic Béziers.
            int i0 = b.Closed ? (i - 1 + n) % n : Math.Max(0, i - 1);
            int i2 = b.Closed ? (i + 2) % n : Math.Min(n - 1, i + 2);
            // A handle longer than its segment (a short segment beside a long straight one, as where a left-out
            // background's box edge meets the subject) would throw the curve far past its end: it is held to the length.
            var (h1x, h1y) = Handle((px[i1] - px[i0]) / 6, (py[i1] - py[i0]) / 6, 2 * lengths[i]);
            var (h2x, h2y) = Handle((px[i2] - px[i]) / 6, (py[i2] - py[i]) / 6, 2 * lengths[i]);
            var c1x = px[i] + h1x;
            var c1y = py[i] + h1y;
            var c2x = px[i1] - h2x;
            var c2y = py[i1] - h2y;
            sb.Append(" C");
            AppendNumber(sb, Math.Round(c1x, 1));
            sb.Append(' ');
            AppendNumber(sb, Math.Round(c1y, 1));
            sb.Append(' ');
            AppendNumber(sb, Math.Round(c2x, 1));
            sb.Append(' ');
            AppendNumber(sb, Math.Round(c2y, 1));
            sb.Append(' ');
            AppendNumber(sb, px[i1]);
            sb.Append(' ');
            AppendNumber(sb, py[i1]);
        }

        if (b.Closed)
        {
            sb.Append(" Z");
        }

        return (sb.ToString(), lengths);
    }

    private static (double X, double Y) Handle(double x, double y, double limit)
    {
        var length = Math.Sqrt(x * x + y * y);
        return length <= limit ? (x, y) : (x * limit / length, y * limit / length);
    }

    /// <summary>Writes a value already rounded to one decimal as the invariant "0.#" format does ("12", "12.3", "-0.5",
    /// "-0"), with integer arithmetic: general number formatting was a fifth of the trace stage.</summary>
    internal static void AppendNumber(StringBuilder sb, double v)
    {
        if (double.IsNegative(v))
        {
            sb.Append('-');
        }

        var tenths = (long)Math.Round(Math.Abs(v) * 10);
        sb.Append(tenths / 10);
        if (tenths % 10 != 0)
        {
            sb.Append('.').Append((char)('0' + tenths % 10));
        }
    }

    private static bool IsOnFrame(Boundary b, int w, int h)
    {
        for (var i = 0; i < b.X.Length; i++)
        {
            if (b.X[i] != 0 && b.X[i] != w && b.Y[i] != 0 && b.Y[i] != h)
            {
                return false;
            }
        }

        // A chain whose corners all lie on the frame but that cuts across it (rare) is not the frame.
        var sameX = b.X.All(v => v == b.X[0]);
        var sameY = b.Y.All(v => v == b.Y[0]);
        return sameX || sameY;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double[] X, double[] Y) Smooth(Boundary b, int passes)
    {
        var n = b.X.Length;
        var x = (double[])b.X.Clone();
        var y = (double[])b.Y.Clone();
        if (n < 3)
        {
            return (x, y);
        }

        var tx = new double[n];
        var ty = new double[n];
        for (var p = 0; p < passes; p++)
        {
            for (var i = 0; i < n; i++)
            {
                if (!b.Closed && (i == 0 || i == n - 1))
                {
                    tx[i] = x[i];
                    ty[i] = y[i];
                    continue;
                }

                var a = (i - 1 + n) % n;
                var c = (i + 1) % n;
                tx[i] = 0.25 * x[a] + 0.5 * x[i] + 0.25 * x[c];
                ty[i] = 0.25 * y[a] + 0.5 * y[i] + 0.25 * y[c];
            }

            (x, tx) = (tx, x);
            (y, ty) = (ty, y);
        }

        return (x, y);
    }

    /// <summary>Ramer-Douglas-Peucker; returns the indices kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<int> Simplify(double[] x, double[] y, bool closed, double epsilon)
    {
        var n = x.Length;
        var keep = new bool[n];
        keep[0] = true;
        keep[n - 1] = true;
        if (closed && n > 3)
        {
            // Split a loop at its point farthest from the start so both halves are open chains.
            var far = 0;
            double best = -1;
            for (var i = 1; i < n; i++)
            {
                var d = (x[i] - x[0]) * (x[i] - x[0]) + (y[i] - y[0]) * (y[i] - y[0]);
                if (d > best)
                {
                    best = d;
                    far = i;
                }
            }

            keep[far] = true;
            // The loop's last point sits next to its first: it is kept only if the simplification needs it, so the
            // curve does not get a tiny kink where the loop was opened.
            keep[n - 1] = false;
            Rdp(x, y, 0, far, epsilon, keep);
            RdpLoopTail(x, y, far, n - 1, epsilon, keep);
        }
        else
        {
            Rdp(x, y, 0, n - 1, epsilon, keep);
        }

        var result = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (keep[i])
            {
                result.Add(i);
            }
        }

        return result;
    }

    /// <summary>RDP over far..n-1 and back to point 0 (the loop's closing stretch).</summary>
    private static void RdpLoopTail(double[] x, double[] y, int far, int last, double epsilon, bool[] keep)
    {
        var n = last - far + 2;
        var tx = new double[n];
        var ty = new double[n];
        for (var i = 0; i < n - 1; i++)
        {
            tx[i] = x[far + i];
            ty[i] = y[far + i];
        }

        tx[n - 1] = x[0];
        ty[n - 1] = y[0];
        var tk = new bool[n];
        Rdp(tx, ty, 0, n - 1, epsilon, tk);
        for (var i = 1; i < n - 1; i++)
        {
            keep[far + i] |= tk[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rdp(double[] x, double[] y, int first, int last, double epsilon, bool[] keep)
    {
        var stack = new Stack<(int, int)>();
        stack.Push((first, last));
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            if (b <= a + 1)
            {
                continue;
            }

            double dx = x[b] - x[a], dy = y[b] - y[a];
            var len = Math.Sqrt(dx * dx + dy * dy);
            var index = -1;
            double max = epsilon;
            for (var i = a + 1; i < b; i++)
            {
                var d = len < 1e-9
                    ? Math.Sqrt((x[i] - x[a]) * (x[i] - x[a]) + (y[i] - y[a]) * (y[i] - y[a]))
                    : Math.Abs(dy * x[i] - dx * y[i] + x[b] * y[a] - y[b] * x[a]) / len;
                if (d > max)
                {
                    max = d;
                    index = i;
                }
            }

            if (index >= 0)
            {
                keep[index] = true;
                stack.Push((a, index));
                stack.Push((index, b));
            }
        }
    }
}
