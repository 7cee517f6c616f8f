using System.Runtime.CompilerServices;

namespace Coloring.Domain.Imaging;

/// <summary>Edge-preserving smoothing at working size: flattens fur, foliage and crowd texture into calm patches
/// while keeping the steps between them sharp, so the segmentation follows objects instead of texture.</summary>
internal static class EdgePreserving
{
    /// <summary>Kuwahara filter on Lab (Kuwahara et al. 1976): each pixel takes the mean colour of whichever of its four
    /// (r+1)² quadrants has the lowest colour variance. The quadrant means come from one forward box mean per plane
    /// (L, a, b and L²+a²+b²), read at four offsets, so it is O(pixels) whatever the radius.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kuwahara(LabImage lab, int radius)
    {
        if (radius < 1)
        {
            return;
        }

        int w = lab.Width, h = lab.Height, n = w * h;
        var q = new float[n];
        for (var i = 0; i < n; i++)
        {
            q[i] = lab.L[i] * lab.L[i] + lab.A[i] * lab.A[i] + lab.B[i] * lab.B[i];
        }

        var planes = new[] { lab.L, lab.A, lab.B, q };
        var means = new float[4][];
        Parallel.For(0, 4, c => means[c] = ForwardBoxMean(planes[c], w, h, radius));
        float[] ml = means[0], ma = means[1], mb = means[2], mq = means[3];
        var outL = new float[n];
        var outA = new float[n];
        var outB = new float[n];
        Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            int yUp = Math.Max(0, y - radius);
            for (var x = 0; x < w; x++)
            {
                var xLeft = Math.Max(0, x - radius);
                // The four quadrants' top-left corners: up-left, up-right, down-left, down-right.
                int i0 = yUp * w + xLeft, i1 = yUp * w + x, i2 = y * w + xLeft, i3 = y * w + x;
                var best = i0;
                var bestVar = mq[i0] - (ml[i0] * ml[i0] + ma[i0] * ma[i0] + mb[i0] * mb[i0]);
                foreach (var i in (ReadOnlySpan<int>)[i1, i2, i3])
                {
                    var v = mq[i] - (ml[i] * ml[i] + ma[i] * ma[i] + mb[i] * mb[i]);
                    if (v < bestVar)
                    {
                        bestVar = v;
                        best = i;
                    }
                }

                var o = y * w + x;
                outL[o] = ml[best];
                outA[o] = ma[best];
                outB[o] = mb[best];
            }
        });
        outL.CopyTo(lab.L, 0);
        outA.CopyTo(lab.A, 0);
        outB.CopyTo(lab.B, 0);
    }

    /// <summary>Mean over the window [x, x+r] × [y, y+r] (cut at the picture's edge) for every pixel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] ForwardBoxMean(float[] src, int w, int h, int r)
    {
        var rows = new float[w * h];
        var prefix = new double[w + 1];
        for (var y = 0; y < h; y++)
        {
            var o = y * w;
            for (var x = 0; x < w; x++)
            {
                prefix[x + 1] = prefix[x] + src[o + x];
            }

            for (var x = 0; x < w; x++)
            {
                var end = Math.Min(w, x + r + 1);
                rows[o + x] = (float)((prefix[end] - prefix[x]) / (end - x));
            }
        }

        var result = new float[w * h];
        var acc = new double[w];
        for (var y = 0; y <= Math.Min(r, h - 1); y++)
        {
            for (var x = 0; x < w; x++)
            {
                acc[x] += rows[y * w + x];
            }
        }

        for (var y = 0; y < h; y++)
        {
            var count = Math.Min(h - 1, y + r) - y + 1;
            var o = y * w;
            for (var x = 0; x < w; x++)
            {
                result[o + x] = (float)(acc[x] / count);
                acc[x] -= rows[o + x];
            }

            if (y + r + 1 < h)
            {
                var add = (y + r + 1) * w;
                for (var x = 0; x < w; x++)
                {
                    acc[x] += rows[add + x];
                }
            }
        }

        return result;
    }
}
