using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>The subject's silhouette inside a box the person drew: a colour model of the subject against one of the
/// background, refitted from its own estimate (GrabCut-style, without the graph cut), smoothed, the largest piece kept and
/// its holes filled. Where lightness cannot tell the subject from its ground (a dark dog on a dark blanket, ADR 0017), the
/// colour still can: brown fur against a blue blanket. The silhouette's edge becomes a region border, the background
/// inside the box is treated like the background outside it, so the page draws the subject's outline instead of a
/// rectangle of fur.</summary>
internal sealed class SubjectShape
{
    private const int BinsL = 4;
    private const int BinsAB = 12;

    /// <summary>Smoothing of the subject's probability, as a share of the picture's longer side: a silhouette, not fur.</summary>
    private const double SmoothShare = 0.02;

    /// <summary>The silhouette is used only when it covers this share of the box or more, and less than
    /// <see cref="MostOfBox"/>: else the colours do not separate and the box itself is the subject.</summary>
    private const double LeastOfBox = 0.15;

    private const double MostOfBox = 0.97;

    private readonly bool[] inside;
    private readonly int width;
    private readonly int height;

    private SubjectShape(bool[] inside, int width, int height) => (this.inside, this.width, this.height) = (inside, width, height);

    /// <summary>Whether a working pixel belongs to the subject.</summary>
    public bool Contains(int x, int y) => inside[y * width + x];

    /// <summary>The share of the picture the silhouette covers.</summary>
    public double Share => inside.Count(v => v) / (double)inside.Length;

    /// <summary>The subject's silhouette for a box the person drew with the background simplified or left out, or null
    /// (no box, a found box, the background kept, or colours that do not separate the subject from its ground).</summary>
    public static SubjectShape? Find(LabImage lab, SubjectFocus? focus)
    {
        if (focus is null || !focus.Given || focus.Background == BackgroundMode.Keep)
        {
            return null;
        }

        return Find(lab, focus.Pixels(lab.Width, lab.Height));
    }

    /// <summary>The silhouette of the subject in the box (working pixels, exclusive right and bottom), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SubjectShape? Find(LabImage lab, (int X0, int Y0, int X1, int Y1) box)
    {
        int w = lab.Width, h = lab.Height, n = w * h;
        var (x0, y0, x1, y1) = box;
        var boxArea = (x1 - x0) * (long)(y1 - y0);
        if (boxArea < 64 || boxArea >= n)
        {
            // A box over the whole picture leaves no background to learn from.
            return null;
        }

        var bin = Bins(lab);
        var fg = new bool[n];
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                fg[y * w + x] = true;
            }
        }

        var p = new float[n];
        const int bins = BinsL * BinsAB * BinsAB;
        for (var round = 0; round < 3; round++)
        {
            var hf = new double[bins];
            var hb = new double[bins];
            for (var i = 0; i < n; i++)
            {
                (fg[i] ? hf : hb)[bin[i]]++;
            }

            double sf = hf.Sum() + bins, sb = hb.Sum() + bins;
            var pf = new float[bins];
            for (var k = 0; k < bins; k++)
            {
                double f = (hf[k] + 1) / sf, b = (hb[k] + 1) / sb;
                pf[k] = (float)(f / (f + b));
            }

            for (var i = 0; i < n; i++)
            {
                p[i] = pf[bin[i]];
            }

            BoxBlur(p, w, h, Math.Max(1, (int)Math.Round(SmoothShare * Math.Max(w, h))));
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var i = y * w + x;
                    fg[i] = p[i] > 0.5f && x >= x0 && x < x1 && y >= y0 && y < y1;
                }
            }
        }

        var mask = Largest(fg, w, h);
        FillHoles(mask, w, h);
        var area = mask.Count(v => v);
        if (area < LeastOfBox * boxArea || area > MostOfBox * boxArea)
        {
            return null;
        }

        return new SubjectShape(mask, w, h);
    }

    /// <summary>Outside the silhouette the subject map is 0, as outside the box: its borders are background borders.</summary>
    public void Weigh(float[] saliency)
    {
        for (var i = 0; i < inside.Length; i++)
        {
            if (!inside[i])
            {
                saliency[i] = 0;
            }
        }
    }

    /// <summary>No detail lines outside the silhouette.</summary>
    public void MaskDetail(float[] response)
    {
        for (var i = 0; i < inside.Length; i++)
        {
            if (!inside[i])
            {
                response[i] = 0;
            }
        }
    }

    /// <summary>Cuts the segmentation along the silhouette, so its edge is a region border: every segment that crosses it
    /// is split in two; with the background left out, everything outside is one region. Labels are renumbered
    /// 0..count-1.</summary>
    public int Cut(int[] labels, int count, bool leaveOut)
    {
        var outsideLabel = new int[count];
        Array.Fill(outsideLabel, -1);
        var next = count;
        var single = leaveOut ? next++ : -1;
        for (var i = 0; i < labels.Length; i++)
        {
            if (inside[i])
            {
                continue;
            }

            if (leaveOut)
            {
                labels[i] = single;
                continue;
            }

            var l = labels[i];
            if (outsideLabel[l] < 0)
            {
                outsideLabel[l] = next++;
            }

            labels[i] = outsideLabel[l];
        }

        var remap = new int[next];
        Array.Fill(remap, -1);
        var used = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (remap[l] < 0)
            {
                remap[l] = used++;
            }

            labels[i] = remap[l];
        }

        return used;
    }

    /// <summary>Each pixel's colour bin: lightness in a few bins over its full range, the two colour axes in finer bins over
    /// the picture's own range (1st to 99th percentile), so a dark, dull photo still spreads over the bins.</summary>
    private static int[] Bins(LabImage lab)
    {
        var n = lab.L.Length;
        var (aLow, aHigh) = Range(lab.A);
        var (bLow, bHigh) = Range(lab.B);
        var bin = new int[n];
        for (var i = 0; i < n; i++)
        {
            var l = Math.Clamp((int)(lab.L[i] / 100f * BinsL), 0, BinsL - 1);
            var a = Math.Clamp((int)((lab.A[i] - aLow) / (aHigh - aLow) * BinsAB), 0, BinsAB - 1);
            var b = Math.Clamp((int)((lab.B[i] - bLow) / (bHigh - bLow) * BinsAB), 0, BinsAB - 1);
            bin[i] = (l * BinsAB + a) * BinsAB + b;
        }

        return bin;

        static (float Low, float High) Range(float[] v)
        {
            var sorted = new float[Math.Min(v.Length, 4096)];
            var step = Math.Max(1, v.Length / sorted.Length);
            for (var i = 0; i < sorted.Length; i++)
            {
                sorted[i] = v[Math.Min(v.Length - 1, i * step)];
            }

            Array.Sort(sorted);
            float low = sorted[sorted.Length / 100], high = sorted[sorted.Length * 99 / 100];
            return (low, Math.Max(high, low + 1));
        }
    }

    /// <summary>Three passes of a box mean of the given radius (about a Gaussian), separably, edges clamped.</summary>
    private static void BoxBlur(float[] v, int w, int h, int radius)
    {
        var tmp = new float[v.Length];
        for (var pass = 0; pass < 3; pass++)
        {
            Along(v, tmp, w, h, radius, 1, w);
            Along(tmp, v, h, w, radius, w, 1);
        }

        // Along one axis: `count` lines of `length` samples, `step` apart within a line, `stride` between lines.
        static void Along(float[] src, float[] dst, int length, int count, int radius, int step, int stride)
        {
            for (var line = 0; line < count; line++)
            {
                var start = line * stride;
                double acc = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    acc += src[start + Math.Clamp(k, 0, length - 1) * step];
                }

                for (var i = 0; i < length; i++)
                {
                    dst[start + i * step] = (float)(acc / (2 * radius + 1));
                    acc += src[start + Math.Min(length - 1, i + radius + 1) * step] - src[start + Math.Max(0, i - radius) * step];
                }
            }
        }
    }

    /// <summary>The largest 4-connected piece of the mask.</summary>
    private static bool[] Largest(bool[] mask, int w, int h)
    {
        var label = new int[mask.Length];
        var stack = new Stack<int>();
        int best = 0, bestSize = 0, next = 0;
        for (var s = 0; s < mask.Length; s++)
        {
            if (!mask[s] || label[s] != 0)
            {
                continue;
            }

            next++;
            var size = 0;
            label[s] = next;
            stack.Push(s);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                size++;
                int x = p % w, y = p / w;
                foreach (var q in (ReadOnlySpan<int>)[x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1])
                {
                    if (q >= 0 && mask[q] && label[q] == 0)
                    {
                        label[q] = next;
                        stack.Push(q);
                    }
                }
            }

            if (size > bestSize)
            {
                (best, bestSize) = (next, size);
            }
        }

        var result = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            result[i] = best != 0 && label[i] == best;
        }

        return result;
    }

    /// <summary>Fills what the silhouette encloses (a tongue, an eye of another colour): every pixel not reached from the
    /// picture's edge through pixels outside it.</summary>
    private static void FillHoles(bool[] mask, int w, int h)
    {
        var reached = new bool[mask.Length];
        var stack = new Stack<int>();
        for (var x = 0; x < w; x++)
        {
            Seed(x);
            Seed((h - 1) * w + x);
        }

        for (var y = 0; y < h; y++)
        {
            Seed(y * w);
            Seed(y * w + w - 1);
        }

        while (stack.Count > 0)
        {
            var p = stack.Pop();
            int x = p % w, y = p / w;
            if (x > 0)
            {
                Seed(p - 1);
            }

            if (x < w - 1)
            {
                Seed(p + 1);
            }

            if (y > 0)
            {
                Seed(p - w);
            }

            if (y < h - 1)
            {
                Seed(p + w);
            }
        }

        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] |= !reached[i];
        }

        void Seed(int p)
        {
            if (!mask[p] && !reached[p])
            {
                reached[p] = true;
                stack.Push(p);
            }
        }
    }
}
