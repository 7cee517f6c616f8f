using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>How many interior detail lines a preset draws.</summary>
/// <param name="Sigma">Inner Gaussian of the difference of Gaussians, working pixels (outer = 1.6 σ).</param>
/// <param name="High">Hysteresis seed threshold on the subject-weighted response (L units).</param>
/// <param name="Low">Hysteresis growth threshold.</param>
/// <param name="MaxChains">Most chains drawn (toddler: only the strongest few).</param>
/// <param name="LengthShare">Most detail line length as a share of the region boundaries' length.</param>
/// <param name="MinChainPage">Shortest chain kept, page pixels.</param>
/// <param name="MaxClosedParts">Most ringed parts (eyes) carved into the regions (see <see cref="ClosedParts"/>); only
/// two for toddlers, whose smallest region is larger than most eyes (a close-up's eyes can still reach it).</param>
internal sealed record DetailSettings(double Sigma, double High, double Low, int MaxChains, double LengthShare, double MinChainPage, int MaxClosedParts)
{
    public static DetailSettings For(AgePreset preset) => preset switch
    {
        AgePreset.Toddler => new(1.6, 3.6, 1.8, 20, 0.35, 90, 2),
        AgePreset.Kids => new(1.1, 3.0, 1.5, 60, 0.5, 40, 6),
        _ => new(1.3, 3.6, 1.8, 60, 0.15, 45, 6),
    };

    /// <summary>The settings at a detail level (-2 to +2, see <see cref="PageOptions.Detail"/>): each step gives 1.4 times
    /// (or a 1.4th of) the chains and their length; 0 is the preset's own.</summary>
    public DetailSettings At(double level) => level == 0 ? this : this with
    {
        MaxChains = Math.Max(1, (int)Math.Round(MaxChains * Math.Pow(DetailStep, level))),
        LengthShare = LengthShare * Math.Pow(DetailStep, level),
    };

    /// <summary>How much one step of detail changes.</summary>
    public const double DetailStep = 1.4;
}

/// <summary>Detail-line chains found once per photo: the subject-weighted response and its thinned chains (pixel indexes).</summary>
internal sealed record DetailCandidates(float[] Strength, List<List<int>> Chains);

/// <summary>Interior detail lines for subjects that fill the frame (a dog's eyes and nose, a face): a difference of
/// Gaussians on the smoothed, contrast-normalised luminance (the dark side of a step and dark blobs/lines respond,
/// as in XDoG), weighted by the subject map, thresholded with hysteresis, thinned to one-pixel skeletons, cut into
/// chains at junctions, spurs and short chains dropped. Chains are accepted strongest first and kept away from the
/// region boundaries and from each other by two stroke widths, so they add no specks, no blobs and no tiny regions.
/// They are drawn as extra open strokes; the segmentation boundaries keep the regions closed.</summary>
internal static class DetailLines
{
    /// <summary>The response map (positive where a pixel is darker than its surround), computed once per photo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Response(float[] luminance, int w, int h, double sigma)
    {
        var inner = Gauss(luminance, w, h, sigma);
        var outer = Gauss(luminance, w, h, sigma * 1.6);
        var r = new float[w * h];
        Parallel.For(0, h, y =>
        {
            for (int i = y * w, end = i + w; i < end; i++)
            {
                r[i] = Math.Max(0f, outer[i] - inner[i]);
            }
        });
        return r;
    }

    /// <summary>Finds the detail chains for one try (working-pixel coordinates, pixel centres at +0.5).</summary>
    public static List<Boundary> Extract(float[] response, float[]? saliency, int[] labels, int w, int h, DetailSettings s,
        double scale, double lineWidth, double boundaryLength) =>
        Extract(Candidates(response, saliency, w, h, s), labels, w, h, s, scale, lineWidth, boundaryLength);

    /// <summary>Everything about the detail lines that does not depend on the regions, so it is done once per photo (and
    /// alongside the segmentation): the subject-weighted response, hysteresis, thinning and chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DetailCandidates Candidates(float[] response, float[]? saliency, int w, int h, DetailSettings s)
    {
        var n = w * h;
        var e = new float[n];
        for (var i = 0; i < n; i++)
        {
            e[i] = response[i] * (saliency is null ? 1f : 0.3f + 0.7f * saliency[i]);
        }

        // Hysteresis: seeds above High, grown 8-connected through pixels above Low.
        var mask = new byte[n];
        var stack = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            if (e[i] >= s.High && mask[i] == 0)
            {
                mask[i] = 1;
                stack.Push(i);
                while (stack.Count > 0)
                {
                    var p = stack.Pop();
                    int px = p % w, py = p / w;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            int qx = px + dx, qy = py + dy;
                            if ((uint)qx < (uint)w && (uint)qy < (uint)h)
                            {
                                var q = qy * w + qx;
                                if (mask[q] == 0 && e[q] >= s.Low)
                                {
                                    mask[q] = 1;
                                    stack.Push(q);
                                }
                            }
                        }
                    }
                }
            }
        }

        Thin(mask, w, h);
        return new DetailCandidates(e, Chains(mask, w, h));
    }

    /// <summary>The detail chains kept for one try: cut away from the regions' boundaries, strongest first, within the
    /// preset's count and length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Boundary> Extract(DetailCandidates candidates, int[] labels, int w, int h, DetailSettings s,
        double scale, double lineWidth, double boundaryLength)
    {
        var n = w * h;
        var (e, chains) = candidates;
        // Distance (working px) to the nearest region boundary or the frame, chamfer 3-4.
        var dist = BoundaryDistance(labels, w, h);
        var keepOff = 1.7 * lineWidth / scale;
        var spur = 15.0 / scale;
        var minLen = Math.Max(spur, s.MinChainPage / scale);
        var scored = new List<(double Score, int Index)>();
        for (var c = 0; c < chains.Count; c++)
        {
            var chain = chains[c];
            if (chain.Count < minLen)
            {
                continue;
            }

            double sum = 0;
            foreach (var p in chain)
            {
                sum += e[p];
            }

            // Long coherent chains (a mouth, an eye's rim) beat short texture dashes of the same contrast.
            scored.Add((sum / chain.Count * Math.Sqrt(Math.Min(chain.Count, 4 * minLen) / minLen), c));
        }

        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        var taken = new bool[n];
        var stamp = (int)Math.Ceiling(keepOff);
        var result = new List<Boundary>();
        double length = 0;
        var maxLength = s.LengthShare * boundaryLength;
        foreach (var (_, index) in scored)
        {
            if (result.Count >= s.MaxChains || length >= maxLength)
            {
                break;
            }

            // Cut the chain where it comes too close to a boundary or an accepted chain; keep the long pieces.
            var chain = chains[index];
            var start = 0;
            for (var i = 0; i <= chain.Count; i++)
            {
                var blocked = i == chain.Count || dist[chain[i]] < keepOff || taken[chain[i]];
                if (!blocked)
                {
                    continue;
                }

                if (i - start >= minLen && result.Count < s.MaxChains)
                {
                    var xs = new double[i - start];
                    var ys = new double[i - start];
                    for (var k = start; k < i; k++)
                    {
                        xs[k - start] = chain[k] % w + 0.5;
                        ys[k - start] = chain[k] / w + 0.5;
                    }

                    var closed = i - start == chain.Count && chain.Count > 8 && Adjacent(chain[0], chain[^1], w);
                    result.Add(new Boundary(xs, ys, closed));
                    length += (i - start) * scale;
                    for (var k = start; k < i; k++)
                    {
                        Stamp(taken, chain[k], w, h, stamp, keepOff);
                    }
                }

                start = i + 1;
            }
        }

        return result;
    }

    private static bool Adjacent(int a, int b, int w) => Math.Abs(a % w - b % w) <= 1 && Math.Abs(a / w - b / w) <= 1;

    private static void Stamp(bool[] taken, int p, int w, int h, int r, double radius)
    {
        int px = p % w, py = p / w;
        var r2 = radius * radius;
        for (var dy = -r; dy <= r; dy++)
        {
            for (var dx = -r; dx <= r; dx++)
            {
                int qx = px + dx, qy = py + dy;
                if ((uint)qx < (uint)w && (uint)qy < (uint)h && dx * dx + dy * dy < r2)
                {
                    taken[qy * w + qx] = true;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float[] BoundaryDistance(int[] labels, int w, int h)
    {
        const int big = 1 << 20;
        var d = new int[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = y * w + x;
                var edge = x == 0 || y == 0 || x == w - 1 || y == h - 1
                    || labels[p] != labels[p + 1] || labels[p] != labels[p + w] || labels[p] != labels[p - 1] || labels[p] != labels[p - w];
                d[p] = edge ? 1 : big; // crack boundaries lie half a pixel away
            }
        }

        return Chamfer(d, w, h);
    }

    /// <summary>Chamfer 3-4 distance transform in place over seeds (0 or small at the sources, large elsewhere), in
    /// pixels (thirds of the 3-4 units).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float[] Chamfer(int[] d, int w, int h)
    {
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = y * w + x;
                var v = d[p];
                if (x > 0) v = Math.Min(v, d[p - 1] + 3);
                if (y > 0)
                {
                    v = Math.Min(v, d[p - w] + 3);
                    if (x > 0) v = Math.Min(v, d[p - w - 1] + 4);
                    if (x < w - 1) v = Math.Min(v, d[p - w + 1] + 4);
                }

                d[p] = v;
            }
        }

        for (var y = h - 1; y >= 0; y--)
        {
            for (var x = w - 1; x >= 0; x--)
            {
                var p = y * w + x;
                var v = d[p];
                if (x < w - 1) v = Math.Min(v, d[p + 1] + 3);
                if (y < h - 1)
                {
                    v = Math.Min(v, d[p + w] + 3);
                    if (x < w - 1) v = Math.Min(v, d[p + w + 1] + 4);
                    if (x > 0) v = Math.Min(v, d[p + w - 1] + 4);
                }

                d[p] = v;
            }
        }

        var result = new float[w * h];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = d[i] / 3f;
        }

        return result;
    }

    /// <summary>Zhang-Suen thinning to one-pixel-wide 8-connected skeletons (in place; the image border is cleared).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Thin(byte[] m, int w, int h)
    {
        for (var x = 0; x < w; x++)
        {
            m[x] = 0;
            m[(h - 1) * w + x] = 0;
        }

        for (var y = 0; y < h; y++)
        {
            m[y * w] = 0;
            m[y * w + w - 1] = 0;
        }

        // Only the mask's own pixels are visited (the mask is sparse), in raster order as in the classic algorithm.
        var on = new List<int>();
        for (var p = w; p < (h - 1) * w; p++)
        {
            if (m[p] != 0)
            {
                on.Add(p);
            }
        }

        var remove = new List<int>();
        bool changed;
        do
        {
            changed = false;
            for (var pass = 0; pass < 2; pass++)
            {
                remove.Clear();
                foreach (var p in on)
                {
                    if (m[p] == 0)
                    {
                        continue;
                    }

                    int p2 = m[p - w], p3 = m[p - w + 1], p4 = m[p + 1], p5 = m[p + w + 1];
                    int p6 = m[p + w], p7 = m[p + w - 1], p8 = m[p - 1], p9 = m[p - w - 1];
                    var b = p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9;
                    if (b < 2 || b > 6)
                    {
                        continue;
                    }

                    var a = (p2 == 0 && p3 == 1 ? 1 : 0) + (p3 == 0 && p4 == 1 ? 1 : 0) + (p4 == 0 && p5 == 1 ? 1 : 0)
                        + (p5 == 0 && p6 == 1 ? 1 : 0) + (p6 == 0 && p7 == 1 ? 1 : 0) + (p7 == 0 && p8 == 1 ? 1 : 0)
                        + (p8 == 0 && p9 == 1 ? 1 : 0) + (p9 == 0 && p2 == 1 ? 1 : 0);
                    if (a != 1)
                    {
                        continue;
                    }

                    var ok = pass == 0
                        ? p2 * p4 * p6 == 0 && p4 * p6 * p8 == 0
                        : p2 * p4 * p8 == 0 && p2 * p6 * p8 == 0;
                    if (ok)
                    {
                        remove.Add(p);
                    }
                }

                foreach (var p in remove)
                {
                    m[p] = 0;
                }

                if (remove.Count > 0)
                {
                    changed = true;
                    on.RemoveAll(p => m[p] == 0);
                }
            }
        }
        while (changed);
    }

    /// <summary>Cuts a skeleton into chains of pixel indices that run end/junction to end/junction (junction pixels are
    /// shared by the chains meeting there) or round a loop; short spurs (end to junction) are left out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static List<List<int>> Chains(byte[] m, int w, int h)
    {
        var skeleton = new Skeleton(m, w, h);
        var chains = new List<List<int>>();
        skeleton.FromFreeEnds(chains);
        skeleton.FromJunctions(chains);
        skeleton.Loops(chains);
        // Spurs: a chain from a free end to a junction shorter than a few pixels is a thinning artefact.
        chains.RemoveAll(c => c.Count < 4 && (skeleton.IsJunction(c[0]) || skeleton.IsJunction(c[^1])));
        return chains;
    }

    /// <summary>A thinned line map's pixels sorted into free ends, line pixels and junctions, walked once each into
    /// chains (the border pixels are never on).</summary>
    private sealed class Skeleton
    {
        private const byte Off = 0, End = 1, Line = 2, Junction = 3;
        private readonly int n;
        private readonly byte[] kind;
        private readonly int[] ring;
        private readonly bool[] visited;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Skeleton(byte[] m, int w, int h)
        {
            n = w * h;
            kind = new byte[n];
            ring = [-w, -w + 1, 1, w + 1, w, w - 1, -1, -w - 1];
            visited = new bool[n];
            for (var y = 1; y < h - 1; y++)
            {
                for (var x = 1; x < w - 1; x++)
                {
                    var p = y * w + x;
                    if (m[p] == 0)
                    {
                        continue;
                    }

                    int count = 0, transitions = 0;
                    for (var k = 0; k < 8; k++)
                    {
                        count += m[p + ring[k]];
                        if (m[p + ring[k]] == 0 && m[p + ring[(k + 1) & 7]] == 1)
                        {
                            transitions++;
                        }
                    }

                    kind[p] = count <= 1 ? End : transitions >= 3 ? Junction : Line;
                }
            }
        }

        public bool IsJunction(int p) => kind[p] == Junction;

        /// <summary>A chain from every free end (a lone end pixel is a chain of one).</summary>
        public void FromFreeEnds(List<List<int>> chains)
        {
            for (var p = 0; p < n; p++)
            {
                if (kind[p] == End && !visited[p])
                {
                    visited[p] = true;
                    var chain = new List<int> { p };
                    var first = -1;
                    for (var k = 0; k < 8 && first < 0; k++)
                    {
                        if (kind[p + ring[k]] != Off)
                        {
                            first = p + ring[k];
                        }
                    }

                    if (first >= 0 && !visited[first])
                    {
                        chain = Walk(p, first);
                    }

                    chains.Add(chain);
                }
            }
        }

        /// <summary>A chain along every line leaving a junction that no free end reached.</summary>
        public void FromJunctions(List<List<int>> chains)
        {
            for (var p = 0; p < n; p++)
            {
                if (kind[p] != Junction)
                {
                    continue;
                }

                for (var k = 0; k < 8; k++)
                {
                    var q = p + ring[k];
                    if (kind[q] == Line && !visited[q])
                    {
                        chains.Add(Walk(p, q));
                    }
                }
            }
        }

        /// <summary>What is left: loops of line pixels only.</summary>
        public void Loops(List<List<int>> chains)
        {
            for (var p = 0; p < n; p++)
            {
                if (kind[p] == Line && !visited[p])
                {
                    visited[p] = true;
                    for (var k = 0; k < 8; k++)
                    {
                        var q = p + ring[k];
                        if (kind[q] == Line && !visited[q])
                        {
                            chains.Add(Walk(p, q));
                            break;
                        }
                    }
                }
            }
        }

        /// <summary>Follows the skeleton from <paramref name="from"/> through <paramref name="first"/> to a junction,
        /// a free end or a visited pixel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private List<int> Walk(int from, int first)
        {
            var chain = new List<int> { from };
            var p = first;
            while (true)
            {
                chain.Add(p);
                if (kind[p] == Junction)
                {
                    break;
                }

                visited[p] = true;
                var next = -1;
                // 4-neighbours first, so staircase corners are not taken as branches.
                for (var pass = 0; pass < 2 && next < 0; pass++)
                {
                    for (var k = pass; k < 8; k += 2)
                    {
                        var q = p + ring[k];
                        if (kind[q] != Off && !visited[q] && q != chain[^2])
                        {
                            next = q;
                            break;
                        }
                    }
                }

                if (next < 0)
                {
                    break;
                }

                p = next;
            }

            return chain;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float[] Gauss(float[] src, int w, int h, double sigma)
    {
        var k = Segmenter.GaussKernel(sigma, out var radius);
        var dst = new float[src.Length];
        Segmenter.Convolve(src, dst, w, h, k, radius);
        return dst;
    }
}
