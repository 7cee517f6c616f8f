using System.Runtime.CompilerServices;

namespace Coloring.Domain.Imaging;

/// <summary>Edge-preserving smoothing at working size: flattens fur, foliage and crowd texture into calm patches
/// while keeping the steps between them sharp, so the segmentation follows objects instead of texture.</summary>
internal static class EdgePreserving
{
    /// <summary>Kuwahara filter on Lab (Kuwahara et al. 1976): each pixel takes the mean colour of whichever of its four
    /// (r+1)² quadrants has the lowest variance. Summed-area tables make it O(pixels) whatever the radius.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Kuwahara(LabImage lab, int radius)
    {
        if (radius < 1)
        {
            return;
        }

        int w = lab.Width, h = lab.Height, sw = w + 1;
        var planes = new[] { lab.L, lab.A, lab.B };
        // Summed-area tables (one row/column of zeros in front): per plane the sum, plus the summed squared colour distance.
        var sums = new double[3][];
        var sq = new double[sw * (h + 1)];
        for (var c = 0; c < 3; c++)
        {
            sums[c] = new double[sw * (h + 1)];
        }

        for (var y = 0; y < h; y++)
        {
            double r0 = 0, r1 = 0, r2 = 0, rq = 0;
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                double l = lab.L[i], a = lab.A[i], b = lab.B[i];
                r0 += l;
                r1 += a;
                r2 += b;
                rq += l * l + a * a + b * b;
                var o = (y + 1) * sw + x + 1;
                sums[0][o] = sums[0][o - sw] + r0;
                sums[1][o] = sums[1][o - sw] + r1;
                sums[2][o] = sums[2][o - sw] + r2;
                sq[o] = sq[o - sw] + rq;
            }
        }

        var outL = new float[w * h];
        var outA = new float[w * h];
        var outB = new float[w * h];
        Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            for (var x = 0; x < w; x++)
            {
                var bestVar = double.MaxValue;
                double bl = 0, ba = 0, bb = 0;
                for (var q = 0; q < 4; q++)
                {
                    int x0 = q is 0 or 2 ? x - radius : x, x1 = q is 0 or 2 ? x : x + radius;
                    int y0 = q < 2 ? y - radius : y, y1 = q < 2 ? y : y + radius;
                    x0 = Math.Max(0, x0);
                    y0 = Math.Max(0, y0);
                    x1 = Math.Min(w - 1, x1);
                    y1 = Math.Min(h - 1, y1);
                    double n = (x1 - x0 + 1) * (y1 - y0 + 1);
                    int a00 = y0 * sw + x0, a01 = y0 * sw + x1 + 1, a10 = (y1 + 1) * sw + x0, a11 = (y1 + 1) * sw + x1 + 1;
                    var ml = (sums[0][a11] - sums[0][a01] - sums[0][a10] + sums[0][a00]) / n;
                    var ma = (sums[1][a11] - sums[1][a01] - sums[1][a10] + sums[1][a00]) / n;
                    var mb = (sums[2][a11] - sums[2][a01] - sums[2][a10] + sums[2][a00]) / n;
                    var v = (sq[a11] - sq[a01] - sq[a10] + sq[a00]) / n - (ml * ml + ma * ma + mb * mb);
                    if (v < bestVar)
                    {
                        bestVar = v;
                        bl = ml;
                        ba = ma;
                        bb = mb;
                    }
                }

                var i = y * w + x;
                outL[i] = (float)bl;
                outA[i] = (float)ba;
                outB[i] = (float)bb;
            }
        });
        outL.CopyTo(lab.L, 0);
        outA.CopyTo(lab.A, 0);
        outB.CopyTo(lab.B, 0);
    }
}
