using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>From DC terms (and the kept AC terms) to RGBA pixels.</summary>
internal static partial class JpegDcDecoder
{
    /// <summary>Turns the DC differences into DC terms, per component, restarting at each restart interval.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToAbsoluteDc(Frame frame, short[] dcs)
    {
        var bpm = frame.BlocksPerMcu;
        var lumaBlocks = frame.Grey ? 1 : frame.LumaH * frame.LumaV;
        var mcus = frame.McusX * frame.McusY;
        var interval = frame.RestartInterval > 0 ? frame.RestartInterval : int.MaxValue;
        long y = 0, u = 0, v = 0;
        var b = 0;
        for (var m = 0; m < mcus; m++, interval--)
        {
            if (interval == 0)
            {
                interval = frame.RestartInterval;
                y = u = v = 0;
            }

            for (var k = 0; k < lumaBlocks; k++, b++)
            {
                y += dcs[b];
                dcs[b] = (short)y; // libjpeg keeps the coefficient as a 16-bit JCOEF
            }

            if (bpm > lumaBlocks)
            {
                u += dcs[b];
                dcs[b++] = (short)u;
                v += dcs[b];
                dcs[b++] = (short)v;
            }

            // Differences of at most ±32767 per block: libjpeg-turbo stops when the sum leaves int.
            Require(y is >= int.MinValue and <= int.MaxValue && u is >= int.MinValue and <= int.MaxValue && v is >= int.MinValue and <= int.MaxValue);
        }
    }

    /// <summary>libjpeg's post-IDCT range limit: values wrap at ±512 (RANGE_MASK) and clamp to 0..255 within.</summary>
    private static readonly byte[] IdctRangeLimit = BuildIdctRangeLimit();

    private static byte[] BuildIdctRangeLimit()
    {
        var t = new byte[1024];
        for (var j = 0; j < 1024; j++)
        {
            t[j] = (byte)(j < 128 ? j + 128 : j < 512 ? 255 : j < 896 ? 0 : j - 896);
        }

        return t;
    }


    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Descale(long x, int n) => (x + (1L << (n - 1))) >> n;

    /// <summary>jpeg_idct_2x2 (jidctred.c) on the kept rows and columns 0, 1, 3, 5, 7; writes [row0col0, row0col1, row1col0, row1col1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Idct2x2(short dc, ReadOnlySpan<short> kept, short[] quant, Span<byte> output)
    {
        if (kept[1..].IndexOfAnyExcept((short)0) < 0)
        {
            // Only the DC term: what both passes below give for it, in one step.
            output[..4].Fill(IdctRangeLimit[(int)Descale(dc * quant[0] << Pass1Bits, Pass1Bits + 3) & 1023]);
            return;
        }

        ReadOnlySpan<int> natural = [0, 1, 3, 5, 7];
        Span<int> work = stackalloc int[16];
        Span<int> coef = stackalloc int[KeptPerBlock];
        for (var n = 1; n < KeptPerBlock; n++)
        {
            coef[n] = kept[n];
        }

        coef[0] = dc;
        for (var ci = 0; ci < 5; ci++)
        {
            var col = natural[ci];
            if (coef[5 + ci] == 0 && coef[10 + ci] == 0 && coef[15 + ci] == 0 && coef[20 + ci] == 0)
            {
                var dcval = coef[ci] * quant[col] << Pass1Bits;
                work[col] = dcval;
                work[8 + col] = dcval;
                continue;
            }

            long tmp10 = (long)(coef[ci] * quant[col]) << (ConstBits + 2);
            long tmp0 = (long)(coef[20 + ci] * quant[56 + col]) * -5906
                + (long)(coef[15 + ci] * quant[40 + col]) * 6967
                + (long)(coef[10 + ci] * quant[24 + col]) * -10426
                + (long)(coef[5 + ci] * quant[8 + col]) * 29692;
            work[col] = (int)Descale(tmp10 + tmp0, ConstBits - Pass1Bits + 2);
            work[8 + col] = (int)Descale(tmp10 - tmp0, ConstBits - Pass1Bits + 2);
        }

        for (var row = 0; row < 2; row++)
        {
            var ws = work.Slice(row * 8, 8);
            if (ws[1] == 0 && ws[3] == 0 && ws[5] == 0 && ws[7] == 0)
            {
                var v = IdctRangeLimit[(int)Descale(ws[0], Pass1Bits + 3) & 1023];
                output[row * 2] = v;
                output[row * 2 + 1] = v;
                continue;
            }

            long tmp10 = (long)ws[0] << (ConstBits + 2);
            long tmp0 = ws[7] * -5906L + ws[5] * 6967L + ws[3] * -10426L + ws[1] * 29692L;
            output[row * 2] = IdctRangeLimit[(int)Descale(tmp10 + tmp0, ConstBits + Pass1Bits + 3 + 2) & 1023];
            output[row * 2 + 1] = IdctRangeLimit[(int)Descale(tmp10 - tmp0, ConstBits + Pass1Bits + 3 + 2) & 1023];
        }
    }

    /// <summary>jpeg_idct_4x4 (jidctred.c) on the kept rows and columns 0, 1, 2, 3, 5, 6, 7 (row and column 4 are never
    /// read); writes the 4×4 samples row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Idct4x4(short dc, ReadOnlySpan<short> kept, short[] quant, Span<byte> output)
    {
        ReadOnlySpan<int> natural = [0, 1, 2, 3, 5, 6, 7];
        Span<int> work = stackalloc int[32];
        var range = IdctRangeLimit;
        for (var ci = 0; ci < 7; ci++)
        {
            var col = natural[ci];
            // Kept slot of (row r, column ci) is r * 7 + ci, rows numbered 0, 1, 2, 3, 5, 6, 7 → 0..6.
            int c0 = ci == 0 ? dc : kept[ci], c1 = kept[7 + ci], c2 = kept[14 + ci], c3 = kept[21 + ci];
            int c5 = kept[28 + ci], c6 = kept[35 + ci], c7 = kept[42 + ci];
            if (c1 == 0 && c2 == 0 && c3 == 0 && c5 == 0 && c6 == 0 && c7 == 0)
            {
                var dcval = c0 * quant[col] << Pass1Bits;
                work[col] = work[8 + col] = work[16 + col] = work[24 + col] = dcval;
                continue;
            }

            long t0 = (long)(c0 * quant[col]) << (ConstBits + 1);
            long z2 = c2 * quant[16 + col], z3 = c6 * quant[48 + col];
            var t2 = z2 * 15137 + z3 * -6270;
            long tmp10 = t0 + t2, tmp12 = t0 - t2;
            long z1 = c7 * quant[56 + col], zz2 = c5 * quant[40 + col], zz3 = c3 * quant[24 + col], z4 = c1 * quant[8 + col];
            var tmp0 = z1 * -1730 + zz2 * 11893 + zz3 * -17799 + z4 * 8697;
            var tmp2 = z1 * -4176 + zz2 * -4926 + zz3 * 7373 + z4 * 20995;
            const int shift = ConstBits - Pass1Bits + 1;
            work[col] = (int)Descale(tmp10 + tmp2, shift);
            work[24 + col] = (int)Descale(tmp10 - tmp2, shift);
            work[8 + col] = (int)Descale(tmp12 + tmp0, shift);
            work[16 + col] = (int)Descale(tmp12 - tmp0, shift);
        }

        for (var row = 0; row < 4; row++)
        {
            var ws = work.Slice(row * 8, 8);
            var o = output.Slice(row * 4, 4);
            if (ws[1] == 0 && ws[2] == 0 && ws[3] == 0 && ws[5] == 0 && ws[6] == 0 && ws[7] == 0)
            {
                o.Fill(range[(int)Descale(ws[0], Pass1Bits + 3) & 1023]);
                continue;
            }

            var t0 = (long)ws[0] << (ConstBits + 1);
            var t2 = ws[2] * 15137L + ws[6] * -6270L;
            long tmp10 = t0 + t2, tmp12 = t0 - t2;
            long z1 = ws[7], z2 = ws[5], z3 = ws[3], z4 = ws[1];
            var tmp0 = z1 * -1730 + z2 * 11893 + z3 * -17799 + z4 * 8697;
            var tmp2 = z1 * -4176 + z2 * -4926 + z3 * 7373 + z4 * 20995;
            const int shift = ConstBits + Pass1Bits + 3 + 1;
            o[0] = range[(int)Descale(tmp10 + tmp2, shift) & 1023];
            o[3] = range[(int)Descale(tmp10 - tmp2, shift) & 1023];
            o[1] = range[(int)Descale(tmp12 + tmp0, shift) & 1023];
            o[2] = range[(int)Descale(tmp12 - tmp0, shift) & 1023];
        }
    }

    // jdcolor.c build_ycc_rgb_table: SCALEBITS 16, ONE_HALF rounding.
    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

    static JpegDcDecoder()
    {
        static int Fix(double x) => (int)(x * 65536 + 0.5);
        for (var i = 0; i < 256; i++)
        {
            var x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + 32768) >> 16;
            CbToB[i] = (Fix(1.77200) * x + 32768) >> 16;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + 32768;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RgbaImage Render(Frame frame, Coefficients coefficients)
    {
        int outW = (frame.Width + 7) / 8, outH = (frame.Height + 7) / 8;
        var luma = new byte[outW * outH];
        var cb = frame.Grey ? luma : new byte[outW * outH];
        var cr = frame.Grey ? luma : new byte[outW * outH];
        int bpm = frame.BlocksPerMcu, lumaH = frame.LumaH, lumaV = frame.LumaV, lumaBlocks = frame.Grey ? 1 : lumaH * lumaV;
        var components = frame.Components;
        var dcs = coefficients.DcDiff;
        ToAbsoluteDc(frame, dcs);
        var twoByTwo = !frame.Grey && lumaH == 2 && lumaV == 2;
        Span<byte> square = stackalloc byte[4];
        var range = IdctRangeLimit;
        var b = 0;
        if (lumaBlocks == 1)
        {
            // Grey or 4:4:4: MCUs are the output pixels, one block per component each.
            var qy = components[0].Quant[0];
            var qu = frame.Grey ? (short)0 : components[1].Quant[0];
            var qv = frame.Grey ? (short)0 : components[2].Quant[0];
            for (var p = 0; p < luma.Length; p++, b += bpm)
            {
                luma[p] = range[((dcs[b] * qy + 4) >> 3) & 1023];
                if (bpm == 3)
                {
                    cb[p] = range[((dcs[b + 1] * qu + 4) >> 3) & 1023];
                    cr[p] = range[((dcs[b + 2] * qv + 4) >> 3) & 1023];
                }
            }
        }

        for (var my = 0; my < frame.McusY && lumaBlocks > 1; my++)
        {
            for (var mx = 0; mx < frame.McusX; mx++)
            {
                var q = components[0].Quant[0];
                for (var k = 0; k < lumaBlocks; k++, b++)
                {
                    int x = mx * lumaH + (k & (lumaH - 1)), y = my * lumaV + (k >= lumaH ? 1 : 0);
                    if (x < outW && y < outH)
                    {
                        luma[y * outW + x] = range[((dcs[b] * q + 4) >> 3) & 1023]; // jpeg_idct_1x1
                    }
                }

                for (var c = 1; c < components.Length; c++, b++)
                {
                    var quant = components[c].Quant;
                    if (twoByTwo)
                    {
                        var mcu = my * frame.McusX + mx;
                        Idct2x2(dcs[b], coefficients.Kept.AsSpan((mcu * 2 + c - 1) * KeptPerBlock, KeptPerBlock), quant, square);
                    }
                    else
                    {
                        square.Fill(range[((dcs[b] * quant[0] + 4) >> 3) & 1023]);
                    }

                    // Chroma covers lumaH×lumaV output pixels: 2×2 IDCT samples, or one sample repeated.
                    var plane = c == 1 ? cb : cr;
                    for (var j = 0; j < lumaV; j++)
                    {
                        for (var i = 0; i < lumaH; i++)
                        {
                            int x = mx * lumaH + i, y = my * lumaV + j;
                            if (x < outW && y < outH)
                            {
                                plane[y * outW + x] = square[j * 2 + i];
                            }
                        }
                    }
                }
            }
        }

        var rgba = new byte[outW * outH * 4];
        ToRgba(frame.Grey, luma, cb, cr, rgba, 0, luma.Length);
        return new RgbaImage(outW, outH, rgba);
    }

    /// <summary>jdcolor.c's YCbCr to RGB (or grey to RGB) for pixels [<paramref name="from"/>, <paramref name="to"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToRgba(bool grey, byte[] luma, byte[] cb, byte[] cr, byte[] rgba, int from, int to)
    {
        for (var p = from; p < to; p++)
        {
            int y = luma[p], o = p * 4;
            if (grey)
            {
                rgba[o] = rgba[o + 1] = rgba[o + 2] = (byte)y;
            }
            else
            {
                int u = cb[p], v = cr[p];
                rgba[o] = Clamp(y + CrToR[v]);
                rgba[o + 1] = Clamp(y + ((CbToG[u] + CrToG[v]) >> 16));
                rgba[o + 2] = Clamp(y + CbToB[u]);
            }

            rgba[o + 3] = 255;
        }
    }

    /// <summary>The 1/4-scale picture: a 2×2 IDCT per luma block (and per 4:4:4 chroma block), a 4×4 IDCT per 4:2:0
    /// chroma block, which then covers its MCU's 4×4 output pixels. MCU rows are shared between both cores; the pixels
    /// do not depend on how.</summary>
    private static RgbaImage RenderQuarter(Frame frame, Coefficients coefficients)
    {
        int outW = (frame.Width + 3) / 4, outH = (frame.Height + 3) / 4;
        var luma = new byte[outW * outH];
        var cb = frame.Grey ? luma : new byte[outW * outH];
        var cr = frame.Grey ? luma : new byte[outW * outH];
        var layout = MakeLayout(frame);
        ToAbsoluteDc(frame, coefficients.DcDiff);
        var rgba = new byte[outW * outH * 4];
        var halves = frame.McusY >= 8 && Environment.ProcessorCount > 1 ? 2 : 1;
        Parallel.For(0, halves, half =>
        {
            int from = frame.McusY * half / halves, to = frame.McusY * (half + 1) / halves;
            RenderQuarterRows(frame, layout, coefficients, luma, cb, cr, outW, outH, from, to);
            // Output rows of these MCU rows, converted to RGBA while the other half may still be in its IDCTs.
            var rowsPerMcu = 2 * (frame.Grey ? 1 : frame.LumaV);
            int y0 = Math.Min(outH, from * rowsPerMcu), y1 = Math.Min(outH, to * rowsPerMcu);
            ToRgba(frame.Grey, luma, cb, cr, rgba, y0 * outW, y1 * outW);
        });
        return new RgbaImage(outW, outH, rgba);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RenderQuarterRows(Frame frame, Layout layout, Coefficients coefficients, byte[] luma, byte[] cb, byte[] cr, int outW, int outH, int fromMcuRow, int toMcuRow)
    {
        int bpm = frame.BlocksPerMcu, lumaH = frame.Grey ? 1 : frame.LumaH, lumaV = frame.Grey ? 1 : frame.LumaV;
        var lumaBlocks = lumaH * lumaV;
        var dcs = coefficients.DcDiff;
        var kept = coefficients.Kept;
        var components = frame.Components;
        Span<byte> samples = stackalloc byte[16];
        for (var my = fromMcuRow; my < toMcuRow; my++)
        {
            for (var mx = 0; mx < frame.McusX; mx++)
            {
                var b = (my * frame.McusX + mx) * bpm;
                for (var k = 0; k < bpm; k++)
                {
                    var keptAt = layout.KeptAt(k, b + k);
                    var c = k < lumaBlocks ? 0 : k - lumaBlocks + 1;
                    var quant = components[c].Quant;
                    int side, x0, y0;
                    if (layout.KeepSize[k] == KeptPerBlock4x4)
                    {
                        Idct4x4(dcs[b + k], kept.AsSpan(keptAt, KeptPerBlock4x4), quant, samples);
                        (side, x0, y0) = (4, mx * 4, my * 4);
                    }
                    else
                    {
                        Idct2x2(dcs[b + k], kept.AsSpan(keptAt, KeptPerBlock), quant, samples);
                        (side, x0, y0) = c == 0
                            ? (2, (mx * lumaH + (k % lumaH)) * 2, (my * lumaV + (k / lumaH)) * 2)
                            : (2, mx * 2, my * 2);
                    }

                    var plane = c == 0 ? luma : c == 1 ? cb : cr;
                    for (var j = 0; j < side && y0 + j < outH; j++)
                    {
                        for (var i = 0; i < side && x0 + i < outW; i++)
                        {
                            plane[(y0 + j) * outW + x0 + i] = samples[j * side + i];
                        }
                    }
                }
            }
        }
    }
}
