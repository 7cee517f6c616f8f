using System.Runtime.CompilerServices;
namespace Coloring.Engine;

/// <summary>What the regions stage must achieve, in working pixels unless said otherwise.</summary>
/// <param name="Scale">Page pixels per working pixel.</param>
/// <param name="LineWidthPx">Stroke width on the page.</param>
/// <param name="MinRegionAreaPage">Smallest white area (page px²) a region must keep after its outline is drawn.</param>
/// <param name="MaxRegions">Most regions allowed.</param>
/// <param name="MergeDeltaE">Neighbours closer than this in Lab are merged first.</param>
/// <param name="BoundaryBudgetPage">Longest total internal line length (page px) the ink budget allows.</param>
/// <param name="OutlineBias">0..1: how much cheaper borders inside the subject are than its outline, so a small budget
/// (toddler) is spent on the subject's outline and its few big inner parts.</param>
internal sealed record MergeGoals(double Scale, double LineWidthPx, double MinRegionAreaPage, int MaxRegions, double MergeDeltaE, double BoundaryBudgetPage, double OutlineBias = 0);

/// <summary>The regions stage, on the region adjacency graph: merges similar neighbours, regions too small to color, and then the
/// cheapest pairs (Ward's criterion) until the page fits its region count and ink budget.</summary>
internal sealed class RegionMerger
{
    private readonly int[] labels;
    private readonly int width;
    private readonly int height;
    private readonly int[] parent;
    private readonly long[] area;
    private readonly double[] sumL;
    private readonly double[] sumA;
    private readonly double[] sumB;
    private readonly double[] sumS;
    private readonly bool hasSaliency;
    private readonly long[] perimeter;
    private readonly Dictionary<int, Border>[] neighbours;
    private readonly int[] version;
    private long internalBorder;
    private int alive;
    private bool[]? keptSmall;
    private bool[]? carved;
    private long keptSmallArea;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RegionMerger(int[] labels, int count, int width, int height, LabImage? lab, float[]? saliency = null, bool[]? parts = null)
    {
        this.labels = labels;
        this.width = width;
        this.height = height;
        parent = new int[count];
        area = new long[count];
        sumL = new double[count];
        sumA = new double[count];
        sumB = new double[count];
        sumS = new double[count];
        hasSaliency = saliency is not null;
        perimeter = new long[count];
        neighbours = new Dictionary<int, Border>[count];
        version = new int[count];
        alive = count;
        for (var i = 0; i < count; i++)
        {
            parent[i] = i;
            neighbours[i] = [];
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = y * width + x;
                var r = labels[p];
                area[r]++;
                if (saliency is not null)
                {
                    sumS[r] += saliency[p];
                }
                if (lab is not null)
                {
                    sumL[r] += lab.L[p];
                    sumA[r] += lab.A[p];
                    sumB[r] += lab.B[p];
                }

                if (x == 0 || x == width - 1)
                {
                    perimeter[r]++;
                }

                if (y == 0 || y == height - 1)
                {
                    perimeter[r]++;
                }

                if (x + 1 < width && labels[p + 1] != r)
                {
                    // Edge strength across the crack, sampled one pixel further out on each side so a blurred step still counts whole.
                    var s = lab is null ? 0 : Distance(lab, y * width + Math.Max(0, x - 1), y * width + Math.Min(width - 1, x + 2));
                    AddBorder(r, labels[p + 1], s);
                }

                if (y + 1 < height && labels[p + width] != r)
                {
                    var s = lab is null ? 0 : Distance(lab, Math.Max(0, y - 1) * width + x, Math.Min(height - 1, y + 2) * width + x);
                    AddBorder(r, labels[p + width], s);
                }
            }
        }

        // Closed parts carved on purpose (eyes) start out kept, as a small, salient, distinct part would be.
        if (parts is not null && hasSaliency && Array.IndexOf(parts, true) >= 0)
        {
            carved = parts;
            keptSmall = new bool[count];
            for (var r = 0; r < count; r++)
            {
                if (parts[r])
                {
                    keptSmall[r] = true;
                    keptSmallArea += area[r];
                }
            }
        }
    }

    public int Count => alive;

    /// <summary>Length of a shared border in cracks and the summed edge strength along it.</summary>
    private readonly record struct Border(int Length, double Strength)
    {
        public static Border operator +(Border x, Border y) => new(x.Length + y.Length, x.Strength + y.Strength);

        public double Mean => Strength / Math.Max(1, Length);
    }

    private static double Distance(LabImage lab, int p, int q)
    {
        double dl = lab.L[p] - lab.L[q], da = lab.A[p] - lab.A[q], db = lab.B[p] - lab.B[q];
        return Math.Sqrt(dl * dl + da * da + db * db);
    }

    private void AddBorder(int a, int b, double strength)
    {
        var add = new Border(1, strength);
        neighbours[a][b] = neighbours[a].GetValueOrDefault(b) + add;
        neighbours[b][a] = neighbours[b].GetValueOrDefault(a) + add;
        perimeter[a]++;
        perimeter[b]++;
        internalBorder++;
    }

    /// <summary>How different two neighbours look: mostly the contrast along their shared border, partly their mean colours.</summary>
    private double Difference(int a, int b) => 0.7 * neighbours[a][b].Mean + 0.3 * DeltaE(a, b);

    /// <summary>How much a border matters for the page: borders touching the subject (saliency) count in full, borders
    /// between two background regions count for much less, so the budget merging empties the background first and the
    /// subject keeps its outline and inner parts.</summary>
    private double Weight(int a, int b)
    {
        if (!hasSaliency)
        {
            return 1;
        }

        double sa = sumS[a] / area[a], sb = sumS[b] / area[b], max = Math.Max(sa, sb);
        var w = 0.08 + 0.92 * max * max;
        // Outline bias (toddler): a border between subject and background (very different subject shares) keeps its
        // full weight; a border inside the subject counts for less, so only the strongest inner parts survive.
        return outlineBias <= 0 ? w : w * (1 - outlineBias + outlineBias * Math.Abs(sa - sb) / Math.Max(1e-6, max));
    }

    private double outlineBias;

    /// <summary>Weight used by the similar-colour pass: the background merges a little more easily, no more.</summary>
    private double MildWeight(int a, int b) => hasSaliency ? 0.6 + 0.4 * Math.Sqrt(Weight(a, b)) : 1;

    private static double Square(double v) => v * v;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int[] Run(MergeGoals goals)
    {
        outlineBias = goals.OutlineBias;
        MergeSimilar(goals.MergeDeltaE);
        MergeSmall(goals);
        MergeToBudget(goals);
        MergeSmall(goals);
        return Relabel();
    }

    private double DeltaE(int a, int b)
    {
        double na = area[a], nb = area[b];
        var dl = sumL[a] / na - sumL[b] / nb;
        var da = sumA[a] / na - sumA[b] / nb;
        var db = sumB[a] / na - sumB[b] / nb;
        return Math.Sqrt(dl * dl + da * da + db * db);
    }

    private void MergeSimilar(double threshold)
    {
        if (threshold <= 0)
        {
            return;
        }

        var queue = new PriorityQueue<(int A, int B, int VA, int VB), double>();
        for (var a = 0; a < parent.Length; a++)
        {
            foreach (var (b, _) in neighbours[a])
            {
                if (a < b)
                {
                    var d = Difference(a, b) * MildWeight(a, b);
                    if (d < threshold && !IsCarved(a) && !IsCarved(b) && !Across(a, b))
                    {
                        queue.Enqueue((a, b, 0, 0), d);
                    }
                }
            }
        }

        while (queue.TryDequeue(out var pair, out _))
        {
            if (parent[pair.A] != pair.A || parent[pair.B] != pair.B || version[pair.A] != pair.VA || version[pair.B] != pair.VB)
            {
                continue;
            }

            var s = Merge(pair.A, pair.B);
            foreach (var (n, _) in neighbours[s])
            {
                var d = Difference(s, n) * MildWeight(s, n);
                if (d < threshold && !IsCarved(s) && !IsCarved(n) && !Across(s, n))
                {
                    queue.Enqueue((Math.Min(s, n), Math.Max(s, n), version[Math.Min(s, n)], version[Math.Max(s, n)]), d);
                }
            }
        }
    }

    private bool IsKept(int r) => keptSmall is not null && keptSmall[r];

    /// <summary>Whether a border is the subject's outline against a background the caller simplified or left out: one side
    /// is wholly outside the subject (a subject map of exactly 0, which only masking gives, see <see cref="SubjectShape"/>
    /// and <see cref="SubjectFocus.Weigh"/>), the other on it. Such a border is not merged for similar colour (a dark dog
    /// on a dark blanket is similar) and is spent last by the budget.</summary>
    private bool Across(int a, int b) =>
        hasSaliency && (sumS[a] == 0) != (sumS[b] == 0) && Math.Max(sumS[a] / area[a], sumS[b] / area[b]) >= Saliency.SubjectLevel;

    private bool IsCarved(int r) => carved is not null && carved[r];

    private bool IsTooSmall(int r, MergeGoals goals)
    {
        // White left once the outline (half a stroke inside the region) is drawn; cracks run ~1.2x longer than the smoothed line.
        var white = WhiteArea(r, goals);
        // Thin slivers between two close lines cannot be colored even when long: require some thickness too.
        var thick = Thickness(r, goals) >= Math.Max(2.5 * goals.LineWidthPx, 0.3 * Math.Sqrt(goals.MinRegionAreaPage));
        if (white >= goals.MinRegionAreaPage * 1.3 && thick)
        {
            return false;
        }

        return !(thick && KeepSmall(r, white, goals));
    }

    private double WhiteArea(int r, MergeGoals goals) =>
        area[r] * goals.Scale * goals.Scale - perimeter[r] / 1.2 * goals.Scale * goals.LineWidthPx * 0.5;

    private double Thickness(int r, MergeGoals goals) => 2.0 * area[r] / Math.Max(1, perimeter[r]) * 1.2 * goals.Scale;

    /// <summary>An illustrator draws a subject's eyes, nose or buttons even when they are smaller than the preset's
    /// smallest region. A small region is kept when it lies on the subject (saliency), stands out from every neighbour,
    /// is at least a quarter of the smallest region (a third lost the dog's eye by a hair) and compact, and while such
    /// regions stay under 1.2 % of the picture, well inside the gate's 3 % bound on white in too-small regions. A part
    /// carved in by <see cref="ClosedParts"/> was found on the subject already and is kept from a quarter up.</summary>
    private bool KeepSmall(int r, double white, MergeGoals goals)
    {
        if (!hasSaliency || white < goals.MinRegionAreaPage * 0.25)
        {
            return false;
        }

        if (IsCarved(r))
        {
            return true;
        }

        if (sumS[r] / area[r] < Saliency.SubjectLevel)
        {
            return false;
        }

        keptSmall ??= new bool[parent.Length];
        if (keptSmall[r])
        {
            return true;
        }

        if (keptSmallArea + area[r] > 0.012 * width * height || neighbours[r].Count == 0)
        {
            return false;
        }

        foreach (var (n, _) in neighbours[r])
        {
            if (Difference(r, n) < 22)
            {
                return false;
            }
        }

        keptSmall[r] = true;
        keptSmallArea += area[r];
        return true;
    }

    private void MergeSmall(MergeGoals goals)
    {
        var queue = new PriorityQueue<int, (long, int)>();
        for (var r = 0; r < parent.Length; r++)
        {
            if (parent[r] == r && IsTooSmall(r, goals))
            {
                queue.Enqueue(r, (area[r], r));
            }
        }

        while (alive > 1 && queue.TryDequeue(out var r, out var key))
        {
            if (parent[r] != r || area[r] != key.Item1 || !IsTooSmall(r, goals))
            {
                continue;
            }

            var target = BestNeighbour(r);
            if (target < 0)
            {
                continue;
            }

            var s = Merge(r, target);
            if (IsTooSmall(s, goals))
            {
                queue.Enqueue(s, (area[s], s));
            }
        }
    }

    private int BestNeighbour(int r)
    {
        var best = -1;
        var bestCost = double.MaxValue;
        foreach (var (n, border) in neighbours[r])
        {
            // Prefer the most similar colour, and among similar ones the neighbour sharing the longest border.
            // A carved part (an eye) takes in crumbs but not a real neighbour, which would change its shape (and a
            // larger one would swallow it), unless nothing else borders that neighbour.
            var reshapes = IsCarved(n) && area[r] > 0.2 * area[n];
            var cost = Difference(r, n) - 12.0 * border.Length / Math.Max(1, perimeter[r]) + (reshapes ? KeptNeighbourCost : 0)
                + (Across(r, n) ? OutlineCost : 0);
            if (cost < bestCost || (cost == bestCost && n < best))
            {
                bestCost = cost;
                best = n;
            }
        }

        return best;
    }

    private double WardCost(int a, int b)
    {
        // Weak borders go first; a small region's border goes a little earlier than a large one's.
        double na = area[a], nb = area[b];
        var d = Difference(a, b) * Weight(a, b) + 1.0;
        // A small part kept on purpose (an eye) is not then spent by the budget: its borders cost four times as much.
        var kept = IsKept(a) || IsKept(b) ? KeptPartCost : Across(a, b) ? OutlineFactor : 1;
        return kept * d * Math.Pow(Math.Min(na, nb), 0.25);
    }

    private const double KeptPartCost = 4;
    private const double KeptNeighbourCost = 1000;

    /// <summary>A crumb joins its own side of the subject's outline unless it has no neighbour there.</summary>
    private const double OutlineCost = 100;

    /// <summary>The outline against a left-out background goes after every inner border of like strength.</summary>
    private const double OutlineFactor = 20;

    private void MergeToBudget(MergeGoals goals)
    {
        // Cracks are ~1.2x longer than the smoothed strokes drawn along them.
        var budget = goals.BoundaryBudgetPage / goals.Scale * 1.2;
        bool Over() => alive > 1 && (alive > goals.MaxRegions || internalBorder > budget);
        if (!Over())
        {
            return;
        }

        var queue = new PriorityQueue<(int A, int B, int VA, int VB), double>();
        for (var a = 0; a < parent.Length; a++)
        {
            if (parent[a] != a)
            {
                continue;
            }

            foreach (var (b, _) in neighbours[a])
            {
                if (a < b)
                {
                    queue.Enqueue((a, b, version[a], version[b]), WardCost(a, b));
                }
            }
        }

        while (Over() && queue.TryDequeue(out var pair, out _))
        {
            if (parent[pair.A] != pair.A || parent[pair.B] != pair.B || version[pair.A] != pair.VA || version[pair.B] != pair.VB)
            {
                continue;
            }

            var s = Merge(pair.A, pair.B);
            foreach (var (n, _) in neighbours[s])
            {
                int lo = Math.Min(s, n), hi = Math.Max(s, n);
                queue.Enqueue((lo, hi, version[lo], version[hi]), WardCost(lo, hi));
            }
        }
    }

    /// <summary>Merges two regions; the larger survives (lower id on a tie) so results are deterministic.</summary>
    private int Merge(int a, int b)
    {
        if (area[b] > area[a] || (area[b] == area[a] && b < a))
        {
            (a, b) = (b, a);
        }

        var shared = neighbours[a].GetValueOrDefault(b).Length;
        neighbours[a].Remove(b);
        neighbours[b].Remove(a);
        internalBorder -= shared;
        foreach (var (n, len) in neighbours[b])
        {
            neighbours[n].Remove(b);
            neighbours[n][a] = neighbours[n].GetValueOrDefault(a) + len;
            neighbours[a][n] = neighbours[a].GetValueOrDefault(n) + len;
        }

        neighbours[b].Clear();
        perimeter[a] = perimeter[a] + perimeter[b] - 2 * shared;
        area[a] += area[b];
        sumL[a] += sumL[b];
        sumA[a] += sumA[b];
        sumB[a] += sumB[b];
        sumS[a] += sumS[b];
        parent[b] = a;
        version[a]++;
        version[b]++;
        alive--;
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int[] Relabel()
    {
        var remap = new int[parent.Length];
        Array.Fill(remap, -1);
        var next = 0;
        var result = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var r = Segmenter.Find(parent, labels[i]);
            if (remap[r] < 0)
            {
                remap[r] = next++;
            }

            result[i] = remap[r];
        }

        return result;
    }
}
