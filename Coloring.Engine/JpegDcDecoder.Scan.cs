using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>The entropy-coded data: destuffing, and decoding it on one or two workers.</summary>
internal static partial class JpegDcDecoder
{
    /// <summary>The scan's bytes with stuffing removed, the start of every restart interval, and zero padding.</summary>
    private sealed class ScanData
    {
        public byte[] Bytes = [];
        public long Bits;
        public List<int> IntervalStarts = [0];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ScanData Destuff(ReadOnlySpan<byte> b, int start)
    {
        Require(start <= b.Length);
        var dst = GC.AllocateUninitializedArray<byte>(b.Length - start + 16);
        var o = 0;
        var i = start;
        var starts = new List<int> { 0 };
        var expectedRestart = 0;
        while (true)
        {
            var run = b[i..].IndexOf((byte)0xFF);
            Require(run >= 0 && i + run + 1 < b.Length);
            b.Slice(i, run).CopyTo(dst.AsSpan(o));
            o += run;
            i += run;
            var next = b[i + 1];
            if (next == 0x00)
            {
                dst[o++] = 0xFF;
                i += 2;
            }
            else if (next == 0xFF)
            {
                i++; // fill byte
            }
            else if (next is >= 0xD0 and <= 0xD7)
            {
                Require(next == 0xD0 + expectedRestart);
                expectedRestart = (expectedRestart + 1) & 7;
                starts.Add(o);
                i += 2;
            }
            else
            {
                Require(next == 0xD9); // the scan must end at the end of the image
                break;
            }
        }

        Require(o < int.MaxValue / 8);
        dst.AsSpan(o).Clear();
        return new ScanData { Bytes = dst, Bits = o * 8L, IntervalStarts = starts };
    }

    /// <summary>DC differences of every block in stream order, and for chroma decoded at 2×2 the AC terms jpeg_idct_2x2 reads.</summary>
    private sealed class Coefficients
    {
        public short[] DcDiff = [];
        public short[] Kept = [];
    }

    /// <summary>Per block-in-MCU: the tables, and whether (and where, in shorts from the MCU's start) its AC terms are
    /// kept for a reduced IDCT, with the map from zig-zag index to kept slot.</summary>
    private sealed class Layout
    {
        public HuffmanTable[] Dc = [];
        public HuffmanTable[] Ac = [];
        public int[] KeepSlot = [];
        public int[] KeepSize = [];
        public sbyte[]?[] KeepMap = [];
        /// <summary>Kept coefficients per MCU, in shorts.</summary>
        public int KeptPerMcu;
        public int BlocksPerMcu;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int KeptAt(int phase, int block) => KeepSlot[phase] < 0 ? -1 : (block / BlocksPerMcu) * KeptPerMcu + KeepSlot[phase];
    }

    /// <summary>The 25 coefficients jpeg_idct_2x2 reads: rows and columns 0, 1, 3, 5, 7.</summary>
    internal const int KeptPerBlock = 25;

    /// <summary>The 49 coefficients jpeg_idct_4x4 reads: rows and columns 0, 1, 2, 3, 5, 6, 7.</summary>
    internal const int KeptPerBlock4x4 = 49;

    private static readonly sbyte[] KeptSlotOfZigZag = BuildKeptSlots([0, 1, -1, 2, -1, 3, -1, 4], 5);

    private static readonly sbyte[] KeptSlotOfZigZag4x4 = BuildKeptSlots([0, 1, 2, 3, -1, 4, 5, 6], 7);

    private static sbyte[] BuildKeptSlots(ReadOnlySpan<int> index, int side)
    {
        var slots = new sbyte[64];
        for (var k = 0; k < 64; k++)
        {
            int n = ZigZag[k], r = index[n / 8], c = index[n % 8];
            slots[k] = (sbyte)(r < 0 || c < 0 ? -1 : r * side + c);
        }

        return slots;
    }

    /// <summary>At 1/8 only 4:2:0 chroma keeps terms (its 2×2 IDCT); at 1/4 every luma block keeps a 2×2 IDCT's terms,
    /// 4:4:4 chroma the same, and 4:2:0 chroma a 4×4 IDCT's (libjpeg-turbo widens it so that no upsampling is needed).</summary>
    private static Layout MakeLayout(Frame frame)
    {
        var bpm = frame.BlocksPerMcu;
        var layout = new Layout
        {
            Dc = new HuffmanTable[bpm], Ac = new HuffmanTable[bpm], KeepSlot = new int[bpm], KeepSize = new int[bpm],
            KeepMap = new sbyte[]?[bpm], BlocksPerMcu = bpm,
        };
        var subsampled = !frame.Grey && frame.LumaH == 2 && frame.LumaV == 2;
        var phase = 0;
        for (var c = 0; c < frame.Components.Length; c++)
        {
            var component = frame.Components[c];
            var blocks = frame.Grey ? 1 : component.H * component.V;
            var map = frame.Quarter
                ? (c > 0 && subsampled ? KeptSlotOfZigZag4x4 : KeptSlotOfZigZag)
                : (c > 0 && subsampled ? KeptSlotOfZigZag : null);
            var size = map is null ? 0 : map == KeptSlotOfZigZag4x4 ? KeptPerBlock4x4 : KeptPerBlock;
            for (var k = 0; k < blocks; k++, phase++)
            {
                layout.Dc[phase] = component.Dc;
                layout.Ac[phase] = component.Ac;
                layout.KeepMap[phase] = map;
                layout.KeepSize[phase] = size;
                layout.KeepSlot[phase] = map is null ? -1 : layout.KeptPerMcu;
                layout.KeptPerMcu += size;
            }
        }

        return layout;
    }

    private static Coefficients DecodeScan(Frame frame, ScanData scan, int parallelThreshold, DecodeReport report)
    {
        var layout = MakeLayout(frame);
        var total = frame.TotalBlocks;
        Require(total <= int.MaxValue / KeptPerBlock4x4);
        var mcus = (int)(total / layout.BlocksPerMcu);
        var result = new Coefficients
        {
            DcDiff = new short[total],
            Kept = new short[(long)mcus * layout.KeptPerMcu],
        };
        report.TotalBlocks = total;
        var twoWorkers = scan.Bits / 8 >= parallelThreshold && Environment.ProcessorCount > 1;
        if (frame.RestartInterval > 0)
        {
            var intervals = (mcus + frame.RestartInterval - 1) / frame.RestartInterval;
            Require(scan.IntervalStarts.Count == intervals);
            report.RestartIntervals = intervals;
            // Split where the bytes are halved, not the intervals: the second core then gets as much work as the first.
            var split = intervals;
            if (twoWorkers && intervals > 1)
            {
                split = scan.IntervalStarts.FindIndex(s => s >= scan.Bits / 16);
                split = split <= 0 ? intervals : split;
            }

            if (split < intervals)
            {
                report.Workers = 2;
                var second = Task.Run(() => DecodeIntervals(frame, scan, layout, result, split, intervals));
                var first = DecodeIntervals(frame, scan, layout, result, 0, split);
                var secondOk = second.GetAwaiter().GetResult();
                Require(first && secondOk);
            }
            else
            {
                Require(DecodeIntervals(frame, scan, layout, result, 0, intervals));
            }

            return result;
        }

        Require(scan.IntervalStarts.Count == 1);
        if (twoWorkers && total >= 16 * layout.BlocksPerMcu)
        {
            report.Workers = 2;
            DecodeSelfSynchronising(scan, layout, result, (int)total, report);
        }
        else
        {
            long pos = 0;
            Require(DecodeRun(scan.Bytes, scan.Bits, ref pos, layout, result, 0, (int)total) == (int)total);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DecodeIntervals(Frame frame, ScanData scan, Layout layout, Coefficients result, int from, int to)
    {
        var bpm = layout.BlocksPerMcu;
        var mcus = (int)(frame.TotalBlocks / bpm);
        for (var k = from; k < to; k++)
        {
            var firstMcu = k * frame.RestartInterval;
            var count = Math.Min(frame.RestartInterval, mcus - firstMcu) * bpm;
            long pos = scan.IntervalStarts[k] * 8L;
            long end = k + 1 < scan.IntervalStarts.Count ? scan.IntervalStarts[k + 1] * 8L : scan.Bits;
            if (DecodeRun(scan.Bytes, end, ref pos, layout, result, firstMcu * bpm, count) != count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strictly decodes <paramref name="count"/> blocks from <paramref name="first"/>; returns how many decoded cleanly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeRun(byte[] data, long endBits, ref long pos, Layout layout, Coefficients result, int first, int count)
    {
        var bpm = layout.BlocksPerMcu;
        var phase = first % bpm;
        for (var n = 0; n < count; n++)
        {
            var block = first + n;
            if (DecodeBlock(data, endBits, ref pos, layout.Dc[phase], layout.Ac[phase], result.Kept, layout.KeepMap[phase], layout.KeptAt(phase, block), out var diff) != BlockResult.Ok)
            {
                return n;
            }

            result.DcDiff[block] = (short)diff;
            phase = phase + 1 == bpm ? 0 : phase + 1;
        }

        return count;
    }

    /// <summary>
    /// The second worker decodes leniently from the middle, recording where each block started; the first decodes
    /// strictly from the start and, once past the middle, stops at the first block start the second also reached
    /// with the same block-in-MCU index. From there the second worker's blocks are the true ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeSelfSynchronising(ScanData scan, Layout layout, Coefficients result, int total, DecodeReport report)
    {
        var bpm = layout.BlocksPerMcu;
        var middle = scan.Bits / 16 * 8;
        var guess = new Coefficients { DcDiff = new short[total], Kept = new short[result.Kept.Length] };
        var starts = new int[total];
        var errors = new List<int>();
        var stop = false;
        var second = Task.Run(() => DecodeLeniently(scan, layout, guess, starts, errors, middle, total, ref stop));
        try
        {
            long pos = 0;
            var phase = 0;
            var j = 0;
            var recorded = -1;
            var firstPastMiddle = -1;
            for (var block = 0; block < total; block++)
            {
                if (pos >= middle && recorded != -2)
                {
                    if (recorded < 0)
                    {
                        firstPastMiddle = block;
                        recorded = second.GetAwaiter().GetResult();
                    }

                    while (j < recorded && starts[j] < pos)
                    {
                        j++;
                    }

                    if (j >= recorded)
                    {
                        recorded = -2; // the second worker never reached this far: decode the rest alone
                    }
                    else if (starts[j] == pos && j % bpm == phase)
                    {
                        report.SyncBlocksPastMiddle = block - firstPastMiddle;
                        Adopt(guess, result, layout, j, block, total, recorded, errors);
                        return;
                    }
                }

                Require(DecodeBlock(scan.Bytes, scan.Bits, ref pos, layout.Dc[phase], layout.Ac[phase], result.Kept, layout.KeepMap[phase], layout.KeptAt(phase, block), out var diff) == BlockResult.Ok);
                result.DcDiff[block] = (short)diff;
                phase = phase + 1 == bpm ? 0 : phase + 1;
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            second.Wait();
        }
    }

    /// <summary>Copies the second worker's blocks from its block <paramref name="from"/> on, as the true blocks from <paramref name="at"/>.</summary>
    private static void Adopt(Coefficients guess, Coefficients result, Layout layout, int from, int at, int total, int recorded, List<int> errors)
    {
        var needed = total - at;
        Require(recorded - from >= needed);
        foreach (var e in errors)
        {
            Require(e < from || e >= from + needed);
        }

        Array.Copy(guess.DcDiff, from, result.DcDiff, at, needed);
        var bpm = layout.BlocksPerMcu;
        if (layout.KeptPerMcu == 0)
        {
            return;
        }

        for (var n = 0; n < needed; n++)
        {
            var phase = (at + n) % bpm;
            if (layout.KeepSlot[phase] >= 0)
            {
                Array.Copy(guess.Kept, layout.KeptAt(phase, from + n), result.Kept, layout.KeptAt(phase, at + n), layout.KeepSize[phase]);
            }
        }
    }

    /// <summary>Decodes from a guessed block start, carrying on past invalid codes; returns how many blocks it recorded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeLeniently(ScanData scan, Layout layout, Coefficients guess, int[] starts, List<int> errors, long middle, int total, ref bool stop)
    {
        var bpm = layout.BlocksPerMcu;
        long pos = middle;
        var phase = 0;
        var n = 0;
        while (n < total && pos < scan.Bits)
        {
            if (phase == 0 && Volatile.Read(ref stop))
            {
                break;
            }

            var start = pos;
            var outcome = DecodeBlock(scan.Bytes, scan.Bits, ref pos, layout.Dc[phase], layout.Ac[phase], guess.Kept, layout.KeepMap[phase], layout.KeptAt(phase, n), out var diff);
            if (outcome == BlockResult.PastEnd)
            {
                break;
            }

            if (outcome == BlockResult.Invalid)
            {
                errors.Add(n);
                pos = start + 1; // garbage before synchronisation: move on one bit
            }

            starts[n] = (int)start;
            guess.DcDiff[n] = (short)diff;
            n++;
            phase = phase + 1 == bpm ? 0 : phase + 1;
        }

        return n;
    }
}
