using System.Buffers;
using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>Edge-preserving smoothing at working size: flattens fur, foliage and crowd texture into calm patches
/// while keeping the steps between them sharp, so the segmentation follows objects instead of texture.</summary>
internal static class EdgePreserving
{
    /// <summary>Kuwahara filter on Lab (Kuwahara et al. 1976), <paramref name="passes"/> times: each pixel takes the mean
    /// colour of whichever of its four (r+1)² quadrants has the lowest colour variance. The quadrant means come from one
    /// forward box mean per plane (L, a, b and L²+a²+b²), read at four offsets, so it is O(pixels) whatever the radius.
    /// Rows, columns and pixels are independent work items spread over the cores; each value is computed by the same
    /// operations in the same order whatever the split, so the result is the same on every machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kuwahara(LabImage lab, int radius, int passes = 1)
    {
        if (radius < 1 || passes < 1)
        {
            return;
        }

        int w = lab.Width, h = lab.Height, n = w * h;
        // Thirteen picture-sized scratch planes: rented, so repeated pages reuse memory instead of faulting in new pages.
        var pool = ArrayPool<float>.Shared;
        var scratch = new float[13][];
        for (var i = 0; i < scratch.Length; i++)
        {
            scratch[i] = pool.Rent(n);
        }

        var q = scratch[0];
        var planes = new[] { lab.L, lab.A, lab.B, q };
        var rows = scratch[1..5];
        var means = scratch[5..9];
        var variance = scratch[9];
        var output = scratch[10..13];
        try
        {
            for (var pass = 0; pass < passes; pass++)
            {
                float[] l = lab.L, a = lab.A, b = lab.B;
                Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
                {
                    for (int i = y * w, end = i + w; i < end; i++)
                    {
                        q[i] = l[i] * l[i] + a[i] * a[i] + b[i] * b[i];
                    }
                });
                ForwardBoxMeans(planes, rows, means, w, h, radius);
                float[] ml = means[0], ma = means[1], mb = means[2], mq = means[3];
                Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
                {
                    for (int i = y * w, end = i + w; i < end; i++)
                    {
                        variance[i] = mq[i] - (ml[i] * ml[i] + ma[i] * ma[i] + mb[i] * mb[i]);
                    }
                });
                float[] outL = output[0], outA = output[1], outB = output[2];
                Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
                {
                    var yUp = Math.Max(0, y - radius);
                    for (var x = 0; x < w; x++)
                    {
                        var xLeft = Math.Max(0, x - radius);
                        // The four quadrants' top-left corners: up-left, up-right, down-left, down-right.
                        int i0 = yUp * w + xLeft, i1 = yUp * w + x, i2 = y * w + xLeft, i3 = y * w + x;
                        var best = i0;
                        var bestVar = variance[i0];
                        if (variance[i1] < bestVar)
                        {
                            bestVar = variance[i1];
                            best = i1;
                        }

                        if (variance[i2] < bestVar)
                        {
                            bestVar = variance[i2];
                            best = i2;
                        }

                        if (variance[i3] < bestVar)
                        {
                            best = i3;
                        }

                        var o = y * w + x;
                        outL[o] = ml[best];
                        outA[o] = ma[best];
                        outB[o] = mb[best];
                    }
                });
                outL.AsSpan(0, n).CopyTo(lab.L);
                outA.AsSpan(0, n).CopyTo(lab.A);
                outB.AsSpan(0, n).CopyTo(lab.B);
            }
        }
        finally
        {
            foreach (var array in scratch)
            {
                pool.Return(array);
            }
        }
    }

    /// <summary>Mean over the window [x, x+r] × [y, y+r] (cut at the picture's edge) for every pixel of every plane:
    /// row means from a running sum per row, then column means from a running sum per column (both in double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBoxMeans(float[][] planes, float[][] rows, float[][] means, int w, int h, int r)
    {
        var count = planes.Length;
        Parallel.For(0, count * h, () => new double[w + 1], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (job, _, prefix) =>
        {
            int c = job / h, o = (job % h) * w;
            float[] src = planes[c], dst = rows[c];
            for (var x = 0; x < w; x++)
            {
                prefix[x + 1] = prefix[x] + src[o + x];
            }

            for (var x = 0; x < w; x++)
            {
                var end = Math.Min(w, x + r + 1);
                dst[o + x] = (float)((prefix[end] - prefix[x]) / (end - x));
            }

            return prefix;
        }, _ => { });

        const int strip = 64;
        var strips = (w + strip - 1) / strip;
        Parallel.For(0, count * strips, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (job) =>
        {
            int c = job / strips, x0 = (job % strips) * strip, x1 = Math.Min(w, x0 + strip), sw = x1 - x0;
            float[] src = rows[c], dst = means[c];
            Span<double> acc = stackalloc double[strip];
            acc.Clear();
            for (var y = 0; y <= Math.Min(r, h - 1); y++)
            {
                for (var x = 0; x < sw; x++)
                {
                    acc[x] += src[y * w + x0 + x];
                }
            }

            for (var y = 0; y < h; y++)
            {
                var n = Math.Min(h - 1, y + r) - y + 1;
                var o = y * w + x0;
                for (var x = 0; x < sw; x++)
                {
                    dst[o + x] = (float)(acc[x] / n);
                    acc[x] -= src[o + x];
                }

                if (y + r + 1 < h)
                {
                    var add = (y + r + 1) * w + x0;
                    for (var x = 0; x < sw; x++)
                    {
                        acc[x] += src[add + x];
                    }
                }
            }
        });
    }
}
