using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>A rough "where is the subject" map (0 = background, 1 = subject) used to spend the page's lines on the
/// subject: a colour model of the picture's border (background) against one of its centre (subject), refined twice
/// GrabCut-style from its own estimate, times a soft centre bias. Not a segmentation: it only weights borders.</summary>
internal static class Saliency
{
    /// <summary>Where the map counts a place as the subject's: a small part kept on purpose (an eye) must lie there.</summary>
    public const float SubjectLevel = 0.55f;

    private const int BinsL = 8;
    private const int BinsAB = 10;

    /// <summary>The map at the image's size, worked out on a ~128 px copy (it is a smooth map; this keeps it cheap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Estimate(LabImage lab)
    {
        int w = lab.Width, h = lab.Height;
        var f = Math.Max(1, (int)Math.Ceiling(Math.Max(w, h) / 128.0));
        if (f == 1)
        {
            return EstimateAtSize(lab);
        }

        int sw = (w + f - 1) / f, sh = (h + f - 1) / f;
        var small = new LabImage(sw, sh);
        for (var y = 0; y < sh; y++)
        {
            for (var x = 0; x < sw; x++)
            {
                double l = 0, a = 0, b = 0;
                var n = 0;
                for (var yy = y * f; yy < Math.Min(h, (y + 1) * f); yy++)
                {
                    for (var xx = x * f; xx < Math.Min(w, (x + 1) * f); xx++)
                    {
                        var i = yy * w + xx;
                        l += lab.L[i];
                        a += lab.A[i];
                        b += lab.B[i];
                        n++;
                    }
                }

                small.L[y * sw + x] = (float)(l / n);
                small.A[y * sw + x] = (float)(a / n);
                small.B[y * sw + x] = (float)(b / n);
            }
        }

        var map = EstimateAtSize(small);
        var result = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var gy = Math.Clamp((y + 0.5f) / f - 0.5f, 0, sh - 1);
            var y0 = (int)gy;
            var y1 = Math.Min(sh - 1, y0 + 1);
            var fy = gy - y0;
            for (var x = 0; x < w; x++)
            {
                var gx = Math.Clamp((x + 0.5f) / f - 0.5f, 0, sw - 1);
                var x0 = (int)gx;
                var x1 = Math.Min(sw - 1, x0 + 1);
                var fx = gx - x0;
                var top = map[y0 * sw + x0] * (1 - fx) + map[y0 * sw + x1] * fx;
                var bottom = map[y1 * sw + x0] * (1 - fx) + map[y1 * sw + x1] * fx;
                result[y * w + x] = top * (1 - fy) + bottom * fy;
            }
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] EstimateAtSize(LabImage lab)
    {
        int w = lab.Width, h = lab.Height, n = w * h;
        var bin = new int[n];
        for (var i = 0; i < n; i++)
        {
            var bl = Math.Clamp((int)(lab.L[i] * BinsL / 100.01f), 0, BinsL - 1);
            var ba = Math.Clamp((int)((lab.A[i] + 60) * BinsAB / 120f), 0, BinsAB - 1);
            var bb = Math.Clamp((int)((lab.B[i] + 60) * BinsAB / 120f), 0, BinsAB - 1);
            bin[i] = (bl * BinsAB + ba) * BinsAB + bb;
        }

        // Centre prior: a soft ellipse over the middle of the picture.
        var prior = new float[n];
        for (var y = 0; y < h; y++)
        {
            var dy = (y + 0.5f - h / 2f) / (0.42f * h);
            for (var x = 0; x < w; x++)
            {
                var dx = (x + 0.5f - w / 2f) / (0.42f * w);
                prior[y * w + x] = MathF.Exp(-(dx * dx + dy * dy));
            }
        }

        // First guess: the outer band is background, the centre (weighted by the prior) is subject.
        var fg = new float[n];
        var band = Math.Max(2, Math.Min(w, h) / 14);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var edge = x < band || y < band || x >= w - band || y >= h - band;
                fg[y * w + x] = edge ? 0 : prior[y * w + x];
            }
        }

        const int bins = BinsL * BinsAB * BinsAB;
        for (var iteration = 0; iteration < 3; iteration++)
        {
            var hf = new double[bins];
            var hb = new double[bins];
            double tf = 0, tb = 0;
            for (var i = 0; i < n; i++)
            {
                hf[bin[i]] += fg[i];
                hb[bin[i]] += 1 - fg[i];
                tf += fg[i];
                tb += 1 - fg[i];
            }

            var pf = new float[bins];
            for (var b = 0; b < bins; b++)
            {
                // Likelihood ratio with a small floor so unseen colours stay neutral.
                double f = (hf[b] + 0.5) / (tf + 0.5 * bins), g = (hb[b] + 0.5) / (tb + 0.5 * bins);
                pf[b] = (float)(f / (f + g));
            }

            for (var i = 0; i < n; i++)
            {
                // The colour model decides; the centre prior keeps a subject that shares the border's colours from vanishing.
                fg[i] = pf[bin[i]] * (0.35f + 0.65f * prior[i]);
            }

            BoxBlur(fg, w, h, Math.Max(2, Math.Min(w, h) / 40));
        }

        // Stretch so the subject reaches 1 whatever the photo.
        var sorted = (float[])fg.Clone();
        Array.Sort(sorted);
        var hi = Math.Max(1e-3f, sorted[(int)(n * 0.97)]);
        var lo = sorted[(int)(n * 0.03)];
        for (var i = 0; i < n; i++)
        {
            fg[i] = Math.Clamp((fg[i] - lo) / Math.Max(1e-3f, hi - lo), 0f, 1f);
        }

        return fg;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BoxBlur(float[] p, int w, int h, int r)
    {
        var tmp = new float[p.Length];
        for (var y = 0; y < h; y++)
        {
            double acc = 0;
            int o = y * w;
            for (var x = -r; x <= r; x++)
            {
                acc += p[o + Math.Clamp(x, 0, w - 1)];
            }

            for (var x = 0; x < w; x++)
            {
                tmp[o + x] = (float)(acc / (2 * r + 1));
                acc += p[o + Math.Min(w - 1, x + r + 1)] - p[o + Math.Max(0, x - r)];
            }
        }

        for (var x = 0; x < w; x++)
        {
            double acc = 0;
            for (var y = -r; y <= r; y++)
            {
                acc += tmp[Math.Clamp(y, 0, h - 1) * w + x];
            }

            for (var y = 0; y < h; y++)
            {
                p[y * w + x] = (float)(acc / (2 * r + 1));
                acc += tmp[Math.Min(h - 1, y + r + 1) * w + x] - tmp[Math.Max(0, y - r) * w + x];
            }
        }
    }
}
