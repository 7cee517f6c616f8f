using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>A small closed part of the subject (an eye inside its rim), in working pixels.</summary>
/// <param name="X">Centre.</param>
/// <param name="Y">Centre.</param>
/// <param name="Radius">Median distance from the centre to the rim.</param>
/// <param name="Pixels">The part's pixels (indexes into the working image).</param>
internal sealed record ClosedPart(double X, double Y, double Radius, int[] Pixels);

/// <summary>Finds the subject's small parts that are ringed by a thin dark line, as an eye is by its rim: the line is
/// plain in the detail response (<see cref="DetailLines.Response"/>), but the smoothing before the segmentation
/// wipes it out, and the eye then runs into the fur around it. A part is a hole in the response (a local maximum of
/// the distance to the nearest line pixel) that rays from its centre find closed by the line on every side at about the
/// same distance. The pipeline carves the parts into the segmentation as regions of their own and the regions stage keeps
/// them, so the page draws the eye's outline.</summary>
internal static class ClosedParts
{
    private const int Rays = 32;

    /// <summary>How much lighter (L units) a part must be than the ground just outside its rim: the detector is for a
    /// light part inside a dark line, and a dark hole in the line response is a dark area the segmentation keeps anyway.</summary>
    private const double MinLift = 12;

    /// <summary>Mean response along the rim, as a multiple of the rim level: a clear line, not a faint texture edge
    /// (a face in a football crowd ringed by shadows is left out).</summary>
    private const double MinRimStrength = 1.45;

    /// <summary>Finds up to <paramref name="maxParts"/> parts with a radius between the bounds (working pixels), on the
    /// subject (<see cref="Saliency.SubjectLevel"/>), strongest rim first.</summary>
    /// <param name="response">The detail response (L units, positive where darker than the surround).</param>
    /// <param name="luminance">The contrast-normalised luminance the response was made from.</param>
    /// <param name="rimLevel">Response that counts as part of a rim.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<ClosedPart> Find(float[] response, float[] luminance, float[] saliency, int w, int h, double rimLevel, double minRadius, double maxRadius, int maxParts)
    {
        if (maxParts <= 0)
        {
            return [];
        }

        var distance = FreeDistance(response, w, h, (float)(rimLevel / 2));
        var candidates = new List<(double Score, int P)>();
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var p = y * w + x;
                var d = distance[p];
                if (d < 0.6 * minRadius || d > maxRadius || saliency[p] < Saliency.SubjectLevel || !IsPeak(distance, p, w))
                {
                    continue;
                }

                candidates.Add((d, p));
            }
        }

        // Deterministic order: widest holes first, then scan order.
        candidates.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.P.CompareTo(b.P));
        var taken = new bool[w * h];
        var found = new List<(double Strength, ClosedPart Part)>();
        foreach (var (_, p) in candidates)
        {
            if (taken[p])
            {
                continue;
            }

            var part = Ring(response, luminance, w, h, p % w + 0.5, p / w + 0.5, distance[p], rimLevel, minRadius, maxRadius, taken, out var strength);
            if (part is not null)
            {
                found.Add((strength * saliency[p], part));
                foreach (var q in part.Pixels)
                {
                    taken[q] = true;
                }
            }
        }

        found.Sort((a, b) => a.Strength != b.Strength ? b.Strength.CompareTo(a.Strength) : a.Part.Pixels[0].CompareTo(b.Part.Pixels[0]));
        return [.. found.Take(maxParts).Select(f => f.Part)];
    }

    /// <summary>The ringed parts plus a pair of eyes without clean rims (<see cref="EyePairs"/>) where no ringed part lies,
    /// at kids and detailed; toddler keeps its two parts (the pair cost it parts, ADR 0015). With <paramref name="within"/>
    /// (a subject box the person drew, working pixels) the eyes must lie inside it.</summary>
    public static List<ClosedPart> WithEyePairs(List<ClosedPart> ringed, float[] luminance, int w, int h, double minRadius, double maxRadius, int maxParts,
        (int X0, int Y0, int X1, int Y1)? within = null)
    {
        if (maxParts < EyePairs.PartsNeeded)
        {
            return ringed;
        }

        var taken = new bool[w * h];
        foreach (var q in ringed.SelectMany(r => r.Pixels))
        {
            taken[q] = true;
        }

        return [.. ringed, .. EyePairs.Find(luminance, w, h, minRadius, maxRadius, within).Where(e => !e.Pixels.Any(q => taken[q]))];
    }

    /// <summary>Radius (working px) of the smallest disc the regions stage keeps as a part: its white, once its outline is
    /// drawn, must reach 0.3 of the smallest region (the regions stage keeps parts down to 0.25).</summary>
    /// <param name="scale">Page pixels per working pixel.</param>
    /// <param name="lineWidth">Stroke width, page pixels.</param>
    /// <param name="minRegionArea">Smallest region, page px².</param>
    public static double SmallestRadius(double scale, double lineWidth, double minRegionArea)
    {
        // π r² s² − (2π r / 1.2) s w / 2 ≥ 0.3 A (outline cracks run ~1.2× the smoothed line, as in RegionMerger).
        double a = Math.PI * scale * scale, b = Math.PI * scale * lineWidth / 1.2, c = 0.3 * minRegionArea;
        return (b + Math.Sqrt(b * b + 4 * a * c)) / (2 * a);
    }

    private static bool IsPeak(float[] d, int p, int w)
    {
        var v = d[p];
        return v >= d[p - 1] && v >= d[p + 1] && v >= d[p - w] && v >= d[p + w]
            && v >= d[p - w - 1] && v >= d[p - w + 1] && v >= d[p + w - 1] && v >= d[p + w + 1];
    }

    /// <summary>Casts rays from the centre to the first rim pixel; the part is the star-shaped area inside the hits when
    /// nearly every ray hits the rim at about the median distance (a closed, round part), else null.</summary>
    private static ClosedPart? Ring(float[] response, float[] luminance, int w, int h, double cx, double cy, double hole, double rimLevel,
        double minRadius, double maxRadius, bool[] taken, out double strength)
    {
        var hit = CastRays(response, w, h, cx, cy, hole, rimLevel, out strength, out var misses);
        if (misses > 2)
        {
            return null;
        }

        var sorted = hit.Where(v => v >= 0).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var off = hit.Count(v => v < 0 || Math.Abs(v - median) > 0.4 * median);
        if (median < minRadius || median > maxRadius || off > 4)
        {
            return null;
        }

        // Rays through a gap in the rim (or into a bump of it) are drawn at the median: the part stays round.
        for (var k = 0; k < Rays; k++)
        {
            if (hit[k] < 0 || Math.Abs(hit[k] - median) > 0.4 * median)
            {
                hit[k] = median;
            }
        }

        strength /= Rays;
        if (strength < MinRimStrength * rimLevel)
        {
            return null;
        }

        var (outside, outsideCount) = GroundOutside(luminance, w, h, cx, cy, hit);
        var pixels = Inside(w, h, cx, cy, hit, median, taken);
        if (pixels is null)
        {
            return null;
        }

        double inside = 0;
        foreach (var p in pixels)
        {
            inside += luminance[p];
        }

        if (outsideCount == 0 || pixels.Count == 0 || inside / pixels.Count - outside / outsideCount < MinLift)
        {
            return null;
        }

        return new ClosedPart(cx, cy, median, [.. pixels]);
    }

    /// <summary>The distance along each of <see cref="Rays"/> rays from the centre to the first pixel at or above
    /// <paramref name="rimLevel"/> within twice the hole's radius (-1 for a miss), the sum of the response at the hits
    /// and the number of misses.</summary>
    private static double[] CastRays(float[] response, int w, int h, double cx, double cy, double hole, double rimLevel, out double strength, out int misses)
    {
        strength = 0;
        misses = 0;
        var hit = new double[Rays];
        for (var k = 0; k < Rays; k++)
        {
            var a = 2 * Math.PI * k / Rays;
            double dx = Math.Cos(a), dy = Math.Sin(a);
            hit[k] = -1;
            for (var d = 0.5; d <= 2.0 * hole; d += 0.5)
            {
                int x = (int)(cx + dx * d), y = (int)(cy + dy * d);
                if ((uint)x >= (uint)w || (uint)y >= (uint)h)
                {
                    break;
                }

                var v = response[y * w + x];
                if (v >= rimLevel)
                {
                    hit[k] = d;
                    strength += v;
                    break;
                }
            }

            if (hit[k] < 0)
            {
                misses++;
            }
        }

        return hit;
    }

    /// <summary>The lightness of the ground just outside the rim, sampled along the rays: its sum and the number of samples.</summary>
    private static (double Sum, int Count) GroundOutside(float[] luminance, int w, int h, double cx, double cy, double[] hit)
    {
        double outside = 0;
        var outsideCount = 0;
        for (var k = 0; k < Rays; k++)
        {
            var a = 2 * Math.PI * k / Rays;
            for (var f = 1.3; f <= 1.8; f += 0.1)
            {
                int x = (int)(cx + Math.Cos(a) * f * hit[k]), y = (int)(cy + Math.Sin(a) * f * hit[k]);
                if ((uint)x < (uint)w && (uint)y < (uint)h)
                {
                    outside += luminance[y * w + x];
                    outsideCount++;
                }
            }
        }

        return (outside, outsideCount);
    }

    /// <summary>The pixels inside the star-shaped outline through the hits, or null when one is already another part's.</summary>
    private static List<int>? Inside(int w, int h, double cx, double cy, double[] hit, double median, bool[] taken)
    {
        var reach = 1.4 * median + 1;
        int x0 = Math.Max(0, (int)(cx - reach)), x1 = Math.Min(w - 1, (int)(cx + reach));
        int y0 = Math.Max(0, (int)(cy - reach)), y1 = Math.Min(h - 1, (int)(cy + reach));
        var pixels = new List<int>();
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                double px = x + 0.5 - cx, py = y + 0.5 - cy;
                var t = (Math.Atan2(py, px) / (2 * Math.PI) + 1) % 1 * Rays;
                var k0 = (int)t % Rays;
                var fr = t - Math.Floor(t);
                var limit = hit[k0] * (1 - fr) + hit[(k0 + 1) % Rays] * fr;
                if (px * px + py * py < limit * limit)
                {
                    var p = y * w + x;
                    if (taken[p])
                    {
                        return null;
                    }

                    pixels.Add(p);
                }
            }
        }

        return pixels;
    }

    /// <summary>Distance (working px, chamfer 3-4) from each pixel to the nearest pixel at or above the level.</summary>
    private static float[] FreeDistance(float[] response, int w, int h, float level)
    {
        var d = new int[w * h];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = response[i] >= level ? 0 : 1 << 20;
        }

        return DetailLines.Chamfer(d, w, h);
    }

    /// <summary>Carves the parts into a label map as regions of their own, unless the segmentation already has the part
    /// as one region. A segment a part cuts in two becomes two regions. Returns the new count; <paramref name="parts"/>
    /// marks the carved labels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Carve(int[] labels, int count, int w, int h, IReadOnlyList<ClosedPart> found, out bool[] parts)
    {
        var next = count;
        var cut = new bool[count];
        var sizes = new Dictionary<int, int>();
        foreach (var part in found)
        {
            sizes.Clear();
            foreach (var p in part.Pixels)
            {
                sizes[labels[p]] = sizes.GetValueOrDefault(labels[p]) + 1;
            }

            var (main, share) = sizes.MaxBy(kv => (kv.Value, -kv.Key));
            if (share >= 0.8 * part.Pixels.Length && SegmentArea(labels, main) <= 1.6 * part.Pixels.Length)
            {
                continue; // already a region of its own
            }

            foreach (var p in part.Pixels)
            {
                if (labels[p] < count)
                {
                    cut[labels[p]] = true;
                }

                labels[p] = next;
            }

            next++;
        }

        var total = SplitPieces(labels, w, h, next, cut);
        parts = new bool[total];
        for (var r = count; r < next; r++)
        {
            parts[r] = true;
        }

        return total;
    }

    /// <summary>Gives every 4-connected piece of the cut labels but the first (in scan order) a label of its own, from
    /// <paramref name="count"/> up; other labels are left alone. Returns the new count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SplitPieces(int[] labels, int w, int h, int count, bool[] cut)
    {
        var n = w * h;
        var seen = new bool[n];
        var firstDone = new bool[cut.Length];
        var queue = new int[n];
        for (var start = 0; start < n; start++)
        {
            var label = labels[start];
            if (seen[start] || label >= cut.Length || !cut[label])
            {
                continue;
            }

            var target = firstDone[label] ? count++ : label;
            firstDone[label] = true;
            seen[start] = true;
            int head = 0, tail = 0;
            queue[tail++] = start;
            while (head < tail)
            {
                var p = queue[head++];
                labels[p] = target;
                var x = p % w;
                if (x > 0) Visit(p - 1);
                if (x + 1 < w) Visit(p + 1);
                if (p >= w) Visit(p - w);
                if (p + w < n) Visit(p + w);
            }

            void Visit(int q)
            {
                if (!seen[q] && labels[q] == label)
                {
                    seen[q] = true;
                    queue[tail++] = q;
                }
            }
        }

        return count;
    }

    /// <summary>The parts as a 0/1 map, for the CLI's debug verb.</summary>
    internal static float[] Map(IReadOnlyList<ClosedPart> parts, int w, int h)
    {
        var map = new float[w * h];
        foreach (var part in parts)
        {
            foreach (var p in part.Pixels)
            {
                map[p] = 1;
            }
        }

        return map;
    }

    private static int SegmentArea(int[] labels, int label)
    {
        var area = 0;
        foreach (var l in labels)
        {
            if (l == label)
            {
                area++;
            }
        }

        return area;
    }
}
