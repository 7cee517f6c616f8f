using System.Buffers;
using System.Runtime.CompilerServices;
namespace Coloring.Engine;

/// <summary>Colour image in CIE Lab planes (L 0..100).</summary>
internal sealed class LabImage(int width, int height)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public float[] L { get; } = new float[width * height];
    public float[] A { get; } = new float[width * height];
    public float[] B { get; } = new float[width * height];

    public LabImage Clone()
    {
        var c = new LabImage(Width, Height);
        L.CopyTo(c.L, 0);
        A.CopyTo(c.A, 0);
        B.CopyTo(c.B, 0);
        return c;
    }
}

/// <summary>Finds regions of similar colour in a photo: contrast normalisation, smoothing and graph segmentation.</summary>
internal static class Segmenter
{
    private static readonly float[] SrgbToLinear = BuildSrgbTable();

    private static float[] BuildSrgbTable()
    {
        var t = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var c = i / 255.0;
            t[i] = (float)(c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4));
        }

        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LabImage ToLab(RgbaImage image)
    {
        var lab = new LabImage(image.Width, image.Height);
        var px = image.Pixels;
        var n = image.Width * image.Height;
        Parallel.For(0, image.Height, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            for (int i = y * image.Width, end = i + image.Width; i < end; i++)
            {
                float r = SrgbToLinear[px[4 * i]], g = SrgbToLinear[px[4 * i + 1]], b = SrgbToLinear[px[4 * i + 2]];
                var x = (0.4124564f * r + 0.3575761f * g + 0.1804375f * b) / 0.95047f;
                var yy = 0.2126729f * r + 0.7151522f * g + 0.0721750f * b;
                var z = (0.0193339f * r + 0.1191920f * g + 0.9503041f * b) / 1.08883f;
                float fx = F(x), fy = F(yy), fz = F(z);
                lab.L[i] = 116f * fy - 16f;
                lab.A[i] = 500f * (fx - fy);
                lab.B[i] = 200f * (fy - fz);
            }
        });
        _ = n;
        return lab;

        static float F(float t) => t > 0.008856f ? Cbrt(t) : 7.787f * t + 16f / 116f;
    }

    /// <summary>Cube root for 0 &lt; t ≤ ~1.1: a bit-level first guess and two Newton steps (relative error ~1e-7),
    /// several times faster than <see cref="MathF.Cbrt"/>; the same bits on every machine, so output stays deterministic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Cbrt(float t)
    {
        var y = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(t) / 3 + 709921077);
        y = (2f * y + t / (y * y)) * (1f / 3f);
        y = (2f * y + t / (y * y)) * (1f / 3f);
        return y;
    }

    /// <summary>Local contrast normalisation so dark and flat photos still give lines: a global stretch of L
    /// between its 1st and 99th percentiles, then CLAHE (clip-limited adaptive histogram equalisation) on L.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormalizeContrast(LabImage lab, double clipLimit = 2.0, int tiles = 6)
    {
        var l = lab.L;
        var n = l.Length;
        var hist = new int[1001];
        foreach (var v in l)
        {
            hist[Math.Clamp((int)(v * 10), 0, 1000)]++;
        }

        int lo = 0, hi = 1000, acc = 0;
        for (; lo < 1000 && (acc += hist[lo]) < n / 100; lo++) { }
        acc = 0;
        for (; hi > 0 && (acc += hist[hi]) < n / 100; hi--) { }
        var low = lo / 10f;
        var range = Math.Max(5f, (hi - lo) / 10f);
        var gain = 100f / range;
        var chromaGain = Math.Min(2f, MathF.Sqrt(gain));
        for (var i = 0; i < n; i++)
        {
            l[i] = Math.Clamp((l[i] - low) * gain, 0f, 100f);
            lab.A[i] *= chromaGain;
            lab.B[i] *= chromaGain;
        }

        Clahe(l, lab.Width, lab.Height, tiles, clipLimit);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Clahe(float[] l, int w, int h, int tiles, double clipLimit)
    {
        const int bins = 256;
        int tx = Math.Max(1, Math.Min(tiles, w / 32)), ty = Math.Max(1, Math.Min(tiles, h / 32));
        var maps = new float[tx * ty][];
        for (var j = 0; j < ty; j++)
        {
            for (var i = 0; i < tx; i++)
            {
                int x0 = i * w / tx, x1 = (i + 1) * w / tx, y0 = j * h / ty, y1 = (j + 1) * h / ty;
                var hist = new int[bins];
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        hist[Math.Clamp((int)(l[y * w + x] * 2.55f), 0, bins - 1)]++;
                    }
                }

                var count = (x1 - x0) * (y1 - y0);
                var limit = Math.Max(1, (int)(clipLimit * count / bins));
                var excess = 0;
                for (var b = 0; b < bins; b++)
                {
                    if (hist[b] > limit)
                    {
                        excess += hist[b] - limit;
                        hist[b] = limit;
                    }
                }

                var share = excess / bins;
                var rest = excess - share * bins;
                for (var b = 0; b < bins; b++)
                {
                    hist[b] += share + (b < rest ? 1 : 0);
                }

                var map = new float[bins];
                var sum = 0;
                for (var b = 0; b < bins; b++)
                {
                    sum += hist[b];
                    map[b] = 100f * sum / count;
                }

                maps[j * tx + i] = map;
            }
        }

        Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            var gy = (y + 0.5f) * ty / h - 0.5f;
            var j0 = Math.Clamp((int)MathF.Floor(gy), 0, ty - 1);
            var j1 = Math.Min(j0 + 1, ty - 1);
            var fy = Math.Clamp(gy - j0, 0f, 1f);
            for (var x = 0; x < w; x++)
            {
                var gx = (x + 0.5f) * tx / w - 0.5f;
                var i0 = Math.Clamp((int)MathF.Floor(gx), 0, tx - 1);
                var i1 = Math.Min(i0 + 1, tx - 1);
                var fx = Math.Clamp(gx - i0, 0f, 1f);
                var idx = y * w + x;
                var b = Math.Clamp((int)(l[idx] * 2.55f), 0, bins - 1);
                var top = maps[j0 * tx + i0][b] * (1 - fx) + maps[j0 * tx + i1][b] * fx;
                var bottom = maps[j1 * tx + i0][b] * (1 - fx) + maps[j1 * tx + i1][b] * fx;
                // Keep some of the original tone so flat areas do not turn into amplified noise.
                l[idx] = 0.35f * l[idx] + 0.65f * (top * (1 - fy) + bottom * fy);
            }
        });
    }

    public static void Blur(LabImage lab, double sigma)
    {
        if (sigma <= 0.1)
        {
            return;
        }

        var radius = Math.Max(1, (int)Math.Ceiling(sigma * 2.5));
        var kernel = new float[2 * radius + 1];
        float total = 0;
        for (var i = -radius; i <= radius; i++)
        {
            kernel[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
            total += kernel[i + radius];
        }

        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= total;
        }

        foreach (var plane in new[] { lab.L, lab.A, lab.B })
        {
            BlurPlane(plane, lab.Width, lab.Height, kernel, radius);
        }
    }

    private static void BlurPlane(float[] p, int w, int h, float[] k, int r) => Convolve(p, p, w, h, k, r);

    /// <summary>Normalised Gaussian kernel of radius ⌈3σ⌉.</summary>
    internal static float[] GaussKernel(double sigma, out int radius)
    {
        radius = Math.Max(1, (int)Math.Ceiling(sigma * 3));
        var k = new float[2 * radius + 1];
        float total = 0;
        for (var i = -radius; i <= radius; i++)
        {
            k[i + radius] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
            total += k[i + radius];
        }

        for (var i = 0; i < k.Length; i++)
        {
            k[i] /= total;
        }

        return k;
    }

    /// <summary>Separable convolution with edge clamping (<paramref name="dst"/> may be <paramref name="src"/>). Both
    /// passes add whole rows scaled by one tap at a time, so they vectorise; every element sees the same operations in
    /// the same order whatever the vector width, so the result is the same on every machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Convolve(float[] src, float[] dst, int w, int h, float[] k, int r)
    {
        var tmp = new float[src.Length];
        Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            var pad = new float[w + 2 * r];
            var row = src.AsSpan(y * w, w);
            row.CopyTo(pad.AsSpan(r));
            pad.AsSpan(0, r).Fill(row[0]);
            pad.AsSpan(r + w, r).Fill(row[w - 1]);
            var d = tmp.AsSpan(y * w, w);
            d.Clear();
            for (var i = 0; i <= 2 * r; i++)
            {
                AddScaled(d, pad.AsSpan(i, w), k[i]);
            }
        });
        Parallel.For(0, h, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            var d = dst.AsSpan(y * w, w);
            d.Clear();
            for (var i = -r; i <= r; i++)
            {
                AddScaled(d, tmp.AsSpan(Math.Clamp(y + i, 0, h - 1) * w, w), k[i + r]);
            }
        });
    }

    /// <summary>d[x] += k · s[x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Span<float> d, ReadOnlySpan<float> s, float k)
    {
        var x = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var dv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(d);
            var sv = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(s);
            var kv = new System.Numerics.Vector<float>(k);
            for (var v = 0; v < dv.Length; v++)
            {
                dv[v] += kv * sv[v];
            }

            x = dv.Length * System.Numerics.Vector<float>.Count;
        }

        for (; x < d.Length; x++)
        {
            d[x] += k * s[x];
        }
    }

    /// <summary>Felzenszwalb-Huttenlocher graph segmentation on the 8-connected pixel grid with Lab distances.
    /// Edges are bucket-sorted (stable), so the result is deterministic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] GraphSegment(LabImage lab, double k, int minSize, out int count)
    {
        int w = lab.Width, h = lab.Height, n = w * h;
        // Scratch arrays are rented, so repeated pages reuse memory instead of faulting in new pages.
        var (order, bucketStart) = SortedEdges(lab);
        var parent = ArrayPool<int>.Shared.Rent(n);
        var size = ArrayPool<int>.Shared.Rent(n);
        var threshold = ArrayPool<float>.Shared.Rent(n);
        var remap = ArrayPool<int>.Shared.Rent(n);
        var kf = (float)k;
        for (var i = 0; i < n; i++)
        {
            parent[i] = i;
            size[i] = 1;
            threshold[i] = kf;
        }

        // Edges come bucket by bucket, so every edge of a bucket has the same weight. Only valid edges are in the
        // order, so the neighbour is a fixed offset per direction.
        ReadOnlySpan<int> offset = [1, w, w + 1, w - 1];
        for (var bucket = 0; bucket <= EdgeMaxBucket; bucket++)
        {
            var weight = (bucket + 0.5f) / EdgeBucketsPerUnit;
            for (int i = bucketStart[bucket], end = bucketStart[bucket + 1]; i < end; i++)
            {
                var e = order[i];
                int p = e >> 2, q = p + offset[e & 3];
                int ra = Find(parent, p), rb = Find(parent, q);
                if (ra != rb && weight <= threshold[ra] && weight <= threshold[rb])
                {
                    var r = Union(parent, size, ra, rb);
                    threshold[r] = weight + kf / size[r];
                }
            }
        }

        // Regions below the smallest size join their neighbour across the weakest edge. Pointing every pixel at its
        // root first (the roots stay the same) makes each look-up below one step until the next union.
        for (var i = 0; i < n; i++)
        {
            parent[i] = parent[parent[i]] == parent[i] ? parent[i] : Find(parent, i);
        }

        foreach (var e in order.AsSpan(0, bucketStart[EdgeMaxBucket + 1]))
        {
            int p = e >> 2, q = p + offset[e & 3];
            int ra = Find(parent, p), rb = Find(parent, q);
            if (ra != rb && (size[ra] < minSize || size[rb] < minSize))
            {
                Union(parent, size, ra, rb);
            }
        }

        var labels = new int[n];
        remap.AsSpan(0, n).Fill(-1);
        count = 0;
        for (var i = 0; i < n; i++)
        {
            var r = Find(parent, i);
            if (remap[r] < 0)
            {
                remap[r] = count++;
            }

            labels[i] = remap[r];
        }

        ArrayPool<int>.Shared.Return(order);
        ArrayPool<int>.Shared.Return(parent);
        ArrayPool<int>.Shared.Return(size);
        ArrayPool<float>.Shared.Return(threshold);
        ArrayPool<int>.Shared.Return(remap);
        return labels;
    }

    private const int EdgeBucketsPerUnit = 8;
    private const int EdgeMaxBucket = 4095;

    /// <summary>Every pixel's edges to its right, lower, lower-right and lower-left neighbours (edge id = pixel × 4 +
    /// direction), sorted by their Lab distance in buckets of 1/8 unit, ties by id. A stable counting sort done in
    /// fixed chunks of rows: each chunk counts its keys and writes its edges after the earlier chunks' edges of the
    /// same key, so the order is the same however the chunks are scheduled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Order, int[] BucketStart) SortedEdges(LabImage lab)
    {
        int w = lab.Width, h = lab.Height;
        float[] l = lab.L, a = lab.A, b = lab.B;
        const ushort none = EdgeMaxBucket + 1;
        var keys = ArrayPool<ushort>.Shared.Rent(w * h * 4);
        const int chunks = 8;
        var counts = new int[chunks][];
        Parallel.For(0, chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            var histogram = new int[EdgeMaxBucket + 2];
            for (int y = c * h / chunks, yEnd = (c + 1) * h / chunks; y < yEnd; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var p = y * w + x;
                    var right = x + 1 < w ? Key(p, p + 1) : none;
                    ushort down = none, downRight = none, downLeft = none;
                    if (y + 1 < h)
                    {
                        down = Key(p, p + w);
                        downRight = x + 1 < w ? Key(p, p + w + 1) : none;
                        downLeft = x > 0 ? Key(p, p + w - 1) : none;
                    }

                    keys[p * 4] = right;
                    keys[p * 4 + 1] = down;
                    keys[p * 4 + 2] = downRight;
                    keys[p * 4 + 3] = downLeft;
                    histogram[right]++;
                    histogram[down]++;
                    histogram[downRight]++;
                    histogram[downLeft]++;
                }
            }

            counts[c] = histogram;
        });

        // Where each chunk's edges of each key go: after all smaller keys, and after earlier chunks' edges of that key.
        var bucketStart = new int[EdgeMaxBucket + 2];
        var next = new int[chunks][];
        var position = 0;
        for (var c = 0; c < chunks; c++)
        {
            next[c] = new int[EdgeMaxBucket + 1];
        }

        for (var key = 0; key <= EdgeMaxBucket; key++)
        {
            bucketStart[key] = position;
            for (var c = 0; c < chunks; c++)
            {
                next[c][key] = position;
                position += counts[c][key];
            }
        }

        bucketStart[EdgeMaxBucket + 1] = position;
        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, position));
        Parallel.For(0, chunks, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            var slot = next[c];
            for (int e = c * h / chunks * w * 4, end = (c + 1) * h / chunks * w * 4; e < end; e++)
            {
                var key = keys[e];
                if (key != none)
                {
                    order[slot[key]++] = e;
                }
            }
        });
        ArrayPool<ushort>.Shared.Return(keys);
        return (order, bucketStart);

        ushort Key(int p, int q)
        {
            float dl = l[p] - l[q], da = a[p] - a[q], db = b[p] - b[q];
            return (ushort)Math.Min(EdgeMaxBucket, (int)(MathF.Sqrt(dl * dl + da * da + db * db) * EdgeBucketsPerUnit));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static int Union(int[] parent, int[] size, int a, int b)
    {
        if (size[a] < size[b] || (size[a] == size[b] && b < a))
        {
            (a, b) = (b, a);
        }

        parent[b] = a;
        size[a] += size[b];
        return a;
    }
}
