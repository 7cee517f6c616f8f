using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Coloring.Engine;

/// <summary>
/// Decodes a baseline JPEG straight to its 1/8-scale picture (one pixel per 8×8 luma block) on both cores, giving
/// the same pixels as libjpeg-turbo's own 1/8 decode (which is what SkiaSharp runs).
/// </summary>
/// <remarks>
/// Only the DC coefficient of each block is needed at 1/8 scale, so the cost is the Huffman stream. It is decoded
/// by two workers: with restart markers the intervals are split between them; without, the second worker starts in
/// the middle of the stream at a guessed block start and relies on Huffman self-synchronisation (Weißenberger &amp;
/// Schmidt 2018): the first worker, once past the middle, looks for a block start that the second worker also
/// reached with the same block-in-MCU index, and from there takes the second worker's blocks.
/// Anything this decoder does not handle, or any broken stream, gives <c>null</c> so the caller falls back to
/// SkiaSharp, which reports broken photos as it always did.
/// Chroma: 4:4:4 uses the chroma DC as libjpeg's 1×1 IDCT does; 4:2:0 reproduces libjpeg-turbo, which widens the
/// chroma IDCT to 2×2 at this scale (jdmaster.c) and runs jpeg_idct_2x2 on the few AC coefficients it reads;
/// 4:2:2 and 4:4:0 repeat each chroma sample, as libjpeg-turbo does when it scales to 1/8 (it turns fancy
/// upsampling off below an IDCT size of 2, jdsample.c).
/// </remarks>
internal static class JpegDcDecoder
{
    /// <summary>Below this much entropy-coded data one worker is faster than two.</summary>
    internal const int DefaultParallelThreshold = 1 << 20;

    private const int MaxPixels = 64_000_000;
    private const int LookupBits = 9;

    /// <summary>What one decode did: for tests and the report, never for decisions.</summary>
    internal sealed class DecodeReport
    {
        public int Workers { get; set; } = 1;
        public int RestartIntervals { get; set; }
        /// <summary>Blocks the first worker decoded past the second worker's starting point before it found the sync point; -1 if it never did.</summary>
        public long SyncBlocksPastMiddle { get; set; } = -1;
        public long TotalBlocks { get; set; }
        public double DestuffMs { get; set; }
        public double EntropyMs { get; set; }
        public double PixelsMs { get; set; }
    }

    /// <summary>Decodes to RGBA at 1/8 scale (ceil(w/8)×ceil(h/8)), or returns null for anything not handled.</summary>
    public static RgbaImage? Decode(ReadOnlySpan<byte> jpeg) => Decode(jpeg, DefaultParallelThreshold, null);

    internal static RgbaImage? Decode(ReadOnlySpan<byte> jpeg, int parallelThreshold, DecodeReport? report)
    {
        try
        {
            report ??= new DecodeReport();
            var started = Stopwatch.GetTimestamp();
            var frame = ReadFrame(jpeg);
            var scan = Destuff(jpeg, frame.ScanStart);
            report.DestuffMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var coefficients = DecodeScan(frame, scan, parallelThreshold, report);
            report.EntropyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - report.DestuffMs;
            var image = Render(frame, coefficients);
            report.PixelsMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - report.DestuffMs - report.EntropyMs;
            return image;
        }
        catch (NotHandledException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when this is a JPEG the decoder reads (baseline, one scan) whose entropy-coded data does not hold every
    /// block: a file cut short, even with its end marker put back. False when it is whole, or of a kind this decoder
    /// does not read. Decodes on one worker, strictly.
    /// </summary>
    public static bool IsCutShort(ReadOnlySpan<byte> jpeg)
    {
        Frame frame;
        ScanData scan;
        try
        {
            frame = ReadFrame(jpeg);
            MakeLayout(frame);
            scan = Destuff(jpeg, frame.ScanStart);
        }
        catch (NotHandledException)
        {
            return false;
        }

        try
        {
            DecodeScan(frame, scan, int.MaxValue, new DecodeReport());
            return false;
        }
        catch (NotHandledException)
        {
            return true;
        }
    }

    /// <summary>The only failure inside the decoder: unsupported or broken input. It never leaves this class.</summary>
    private sealed class NotHandledException : Exception;

    private static NotHandledException NotHandled() => new();

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw NotHandled();
        }
    }

    // ---- Markers -------------------------------------------------------------------------------------------------

    private sealed class Component
    {
        public int Id;
        public int H;
        public int V;
        public int QuantId;
        public short[] Quant = [];
        public HuffmanTable Dc = null!;
        public HuffmanTable Ac = null!;
    }

    private sealed class Frame
    {
        public int Width;
        public int Height;
        public Component[] Components = [];
        public int RestartInterval;
        public int ScanStart;
        public int McusX;
        public int McusY;
        public int BlocksPerMcu;
        public int LumaH = 1;
        public int LumaV = 1;
        public bool Grey => Components.Length == 1;
        public long TotalBlocks => (long)McusX * McusY * BlocksPerMcu;
    }

    private static readonly byte[] ZigZag =
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
        54, 47, 55, 62, 63,
    ];

    private static Frame ReadFrame(ReadOnlySpan<byte> b)
    {
        Require(b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8);
        var quant = new short[4][];
        var dcTables = new HuffmanTable?[4];
        var acTables = new HuffmanTable?[4];
        Frame? frame = null;
        bool jfif = false, adobe = false;
        var adobeTransform = -1;
        var restartInterval = 0;
        var i = 2;
        while (true)
        {
            Require(i + 1 < b.Length && b[i] == 0xFF);
            while (i + 1 < b.Length && b[i + 1] == 0xFF)
            {
                i++; // fill bytes before a marker
            }

            Require(i + 3 < b.Length);
            var marker = b[i + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(b.Slice(i + 2, 2));
            Require(length >= 2 && i + 2 + length <= b.Length);
            var seg = b.Slice(i + 4, length - 2);
            switch (marker)
            {
                case 0xC0 or 0xC1:
                    Require(frame is null);
                    frame = ReadStartOfFrame(seg);
                    break;
                case 0xC4:
                    ReadHuffmanTables(seg, dcTables, acTables);
                    break;
                case 0xDB:
                    ReadQuantTables(seg, quant);
                    break;
                case 0xDD:
                    Require(seg.Length == 2);
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(seg);
                    break;
                case 0xE0:
                    jfif |= seg.Length >= 14 && seg[..5].SequenceEqual("JFIF\0"u8); // libjpeg wants the whole 14-byte JFIF header
                    break;
                case 0xEE:
                    if (seg.Length >= 12 && seg[..5].SequenceEqual("Adobe"u8))
                    {
                        adobe = true;
                        adobeTransform = seg[11];
                    }

                    break;
                case (>= 0xE1 and <= 0xEF) or 0xFE:
                    break;
                case 0xDA:
                    Require(frame is not null);
                    ReadStartOfScan(seg, frame!, quant, dcTables, acTables);
                    CheckColourSpace(frame!, jfif, adobe, adobeTransform);
                    frame!.RestartInterval = restartInterval;
                    frame.ScanStart = i + 2 + length;
                    return frame;
                default:
                    // Progressive, lossless, arithmetic, hierarchical, DNL, stray RST/EOI, unknown markers.
                    throw NotHandled();
            }

            i += 2 + length;
        }
    }

    private static Frame ReadStartOfFrame(ReadOnlySpan<byte> s)
    {
        Require(s.Length >= 6 && s[0] == 8);
        int height = BinaryPrimitives.ReadUInt16BigEndian(s.Slice(1, 2));
        int width = BinaryPrimitives.ReadUInt16BigEndian(s.Slice(3, 2));
        int count = s[5];
        Require(height > 0 && width > 0 && (long)width * height <= MaxPixels);
        Require((count == 1 || count == 3) && s.Length == 6 + 3 * count);
        var frame = new Frame { Width = width, Height = height, Components = new Component[count] };
        for (var c = 0; c < count; c++)
        {
            var p = 6 + 3 * c;
            int h = s[p + 1] >> 4, v = s[p + 1] & 15, tq = s[p + 2];
            Require(h is >= 1 and <= 4 && v is >= 1 and <= 4 && tq <= 3);
            frame.Components[c] = new Component { Id = s[p], H = h, V = v, QuantId = tq };
        }

        if (count == 1)
        {
            // A single component is never interleaved: one block per MCU whatever its sampling factors say.
            frame.McusX = (width + 7) / 8;
            frame.McusY = (height + 7) / 8;
            frame.BlocksPerMcu = 1;
        }
        else
        {
            var luma = frame.Components[0];
            Require(luma.H <= 2 && luma.V <= 2);
            Require(frame.Components[1] is { H: 1, V: 1 } && frame.Components[2] is { H: 1, V: 1 });
            frame.LumaH = luma.H;
            frame.LumaV = luma.V;
            frame.McusX = (width + 8 * luma.H - 1) / (8 * luma.H);
            frame.McusY = (height + 8 * luma.V - 1) / (8 * luma.V);
            frame.BlocksPerMcu = luma.H * luma.V + 2;
        }

        return frame;
    }

    private static void ReadQuantTables(ReadOnlySpan<byte> s, short[][] quant)
    {
        var p = 0;
        while (p < s.Length)
        {
            int precision = s[p] >> 4, id = s[p] & 15;
            Require(precision <= 1 && id <= 3);
            p++;
            var size = precision == 0 ? 64 : 128;
            Require(p + size <= s.Length);
            var table = new short[64];
            for (var k = 0; k < 64; k++)
            {
                // libjpeg keeps them as 16-bit multipliers in natural order.
                table[ZigZag[k]] = precision == 0 ? s[p + k] : (short)BinaryPrimitives.ReadUInt16BigEndian(s.Slice(p + 2 * k, 2));
            }

            quant[id] = table;
            p += size;
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> s, HuffmanTable?[] dc, HuffmanTable?[] ac)
    {
        var p = 0;
        while (p < s.Length)
        {
            int tableClass = s[p] >> 4, id = s[p] & 15;
            Require(tableClass <= 1 && id <= 3 && p + 17 <= s.Length);
            var counts = s.Slice(p + 1, 16);
            var total = 0;
            foreach (var n in counts)
            {
                total += n;
            }

            Require(total <= 256 && p + 17 + total <= s.Length);
            var table = HuffmanTable.Build(counts, s.Slice(p + 17, total));
            (tableClass == 0 ? dc : ac)[id] = table;
            p += 17 + total;
        }
    }

    private static void ReadStartOfScan(ReadOnlySpan<byte> s, Frame frame, short[][] quant, HuffmanTable?[] dc, HuffmanTable?[] ac)
    {
        Require(s.Length >= 1);
        int count = s[0];
        Require(count == frame.Components.Length && s.Length == 1 + 2 * count + 3);
        for (var c = 0; c < count; c++)
        {
            var component = frame.Components[c];
            Require(s[1 + 2 * c] == component.Id);
            int td = s[2 + 2 * c] >> 4, ta = s[2 + 2 * c] & 15;
            Require(td <= 3 && ta <= 3);
            var dcTable = dc[td];
            var acTable = ac[ta];
            var q = quant[component.QuantId];
            Require(dcTable is not null && acTable is not null && q is not null && dcTable!.MaxSymbol <= 15);
            component.Dc = dcTable!;
            component.Ac = acTable!;
            component.Quant = q!;
        }

        var tail = s[(1 + 2 * count)..];
        Require(tail[0] == 0 && tail[1] == 63 && tail[2] == 0); // baseline: whole spectrum, no successive approximation
    }

    private static void CheckColourSpace(Frame frame, bool jfif, bool adobe, int adobeTransform)
    {
        if (frame.Grey)
        {
            return;
        }

        // The same guess as libjpeg's default_decompress_parms; only YCbCr is handled here.
        if (jfif)
        {
            return;
        }

        if (adobe)
        {
            Require(adobeTransform == 1);
            return;
        }

        var ids = frame.Components;
        Require(!(ids[0].Id == 'R' && ids[1].Id == 'G' && ids[2].Id == 'B'));
    }

    // ---- Entropy-coded data ------------------------------------------------------------------------------------

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

    /// <summary>Per block-in-MCU: the tables and whether (and where) its 2×2 AC terms are kept.</summary>
    private sealed class Layout
    {
        public HuffmanTable[] Dc = [];
        public HuffmanTable[] Ac = [];
        public int[] KeepSlot = [];
        public int KeptPerMcu;
        public int BlocksPerMcu;
    }

    /// <summary>The 25 coefficients jpeg_idct_2x2 reads: rows and columns 0, 1, 3, 5, 7.</summary>
    internal const int KeptPerBlock = 25;

    private static readonly sbyte[] KeptSlotOfZigZag = BuildKeptSlots();

    private static sbyte[] BuildKeptSlots()
    {
        ReadOnlySpan<int> index = [0, 1, -1, 2, -1, 3, -1, 4];
        var slots = new sbyte[64];
        for (var k = 0; k < 64; k++)
        {
            int n = ZigZag[k], r = index[n / 8], c = index[n % 8];
            slots[k] = (sbyte)(r < 0 || c < 0 ? -1 : r * 5 + c);
        }

        return slots;
    }

    private static Layout MakeLayout(Frame frame)
    {
        var bpm = frame.BlocksPerMcu;
        var layout = new Layout { Dc = new HuffmanTable[bpm], Ac = new HuffmanTable[bpm], KeepSlot = new int[bpm], BlocksPerMcu = bpm };
        var keepChroma = !frame.Grey && frame.LumaH == 2 && frame.LumaV == 2;
        var phase = 0;
        for (var c = 0; c < frame.Components.Length; c++)
        {
            var component = frame.Components[c];
            var blocks = frame.Grey ? 1 : component.H * component.V;
            for (var k = 0; k < blocks; k++, phase++)
            {
                layout.Dc[phase] = component.Dc;
                layout.Ac[phase] = component.Ac;
                layout.KeepSlot[phase] = keepChroma && c > 0 ? layout.KeptPerMcu++ : -1;
            }
        }

        return layout;
    }

    private static Coefficients DecodeScan(Frame frame, ScanData scan, int parallelThreshold, DecodeReport report)
    {
        var layout = MakeLayout(frame);
        var total = frame.TotalBlocks;
        Require(total <= int.MaxValue / KeptPerBlock);
        var mcus = (int)(total / layout.BlocksPerMcu);
        var result = new Coefficients
        {
            DcDiff = new short[total],
            Kept = new short[(long)mcus * layout.KeptPerMcu * KeptPerBlock],
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
            var slot = layout.KeepSlot[phase];
            var keptAt = slot < 0 ? -1 : ((block / bpm) * layout.KeptPerMcu + slot) * KeptPerBlock;
            if (DecodeBlock(data, endBits, ref pos, layout.Dc[phase], layout.Ac[phase], result.Kept, keptAt, out var diff) != BlockResult.Ok)
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

                var slot = layout.KeepSlot[phase];
                var keptAt = slot < 0 ? -1 : ((block / bpm) * layout.KeptPerMcu + slot) * KeptPerBlock;
                Require(DecodeBlock(scan.Bytes, scan.Bits, ref pos, layout.Dc[phase], layout.Ac[phase], result.Kept, keptAt, out var diff) == BlockResult.Ok);
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
            var slot = layout.KeepSlot[(at + n) % bpm];
            if (slot >= 0)
            {
                var src = (((from + n) / bpm) * layout.KeptPerMcu + slot) * KeptPerBlock;
                var dst = (((at + n) / bpm) * layout.KeptPerMcu + slot) * KeptPerBlock;
                Array.Copy(guess.Kept, src, result.Kept, dst, KeptPerBlock);
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
            var slot = layout.KeepSlot[phase];
            var keptAt = slot < 0 ? -1 : ((n / bpm) * layout.KeptPerMcu + slot) * KeptPerBlock;
            var outcome = DecodeBlock(scan.Bytes, scan.Bits, ref pos, layout.Dc[phase], layout.Ac[phase], guess.Kept, keptAt, out var diff);
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

    private enum BlockResult
    {
        Ok,
        Invalid,
        PastEnd,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Window(byte[] data, long pos) =>
        BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan((int)(pos >> 3), 8)) << (int)(pos & 7);

    /// <summary>Moves the 64-bit window on to the next unread bit once more than 41 bits of it are used (so a longest
    /// code plus its value always fits); false when that is past the end of the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Refill(byte[] data, long endBits, ref long pos, ref int used, ref ulong w)
    {
        pos += used;
        used = 0;
        if (pos > endBits)
        {
            return false;
        }

        w = Window(data, pos);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Extend(int value, int size) => value < 1 << (size - 1) ? value - (1 << size) + 1 : value;

    /// <summary>Decodes one block: its DC difference, skipping AC terms except those kept for a 2×2 IDCT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BlockResult DecodeBlock(byte[] data, long endBits, ref long pos, HuffmanTable dc, HuffmanTable ac, short[] kept, int keptAt, out int diff)
    {
        diff = 0;
        if (pos > endBits)
        {
            return BlockResult.PastEnd;
        }

        var w = Window(data, pos);
        var e = dc.Decode(w);
        if (e == 0)
        {
            return BlockResult.Invalid;
        }

        var used = e >> 8;
        var s = e & 15;
        if (s != 0)
        {
            diff = Extend((int)((w << used) >> (64 - s)), s);
            used += s;
        }

        var k = 1;
        if (keptAt < 0)
        {
            // Only the DC term is wanted: each AC code moves on by its length plus its value's size, nothing else.
            var skip = ac.Skip;
            while (true)
            {
                if (used > 41 && !Refill(data, endBits, ref pos, ref used, ref w))
                {
                    return BlockResult.PastEnd;
                }

                var bits = w << used;
                int step = skip[(int)(bits >> (64 - HuffmanTable.SkipBits))];
                if (step == 0)
                {
                    step = ac.SkipLong(bits);
                    if (step == 0)
                    {
                        return BlockResult.Invalid;
                    }
                }

                used += step & 0xFF;
                var advance = (step >> 8) & 0x1F;
                if (advance == 0)
                {
                    break; // end of block
                }

                k += advance;
                if (k >= 64)
                {
                    if (k > 64)
                    {
                        return BlockResult.Invalid; // a coefficient index past 63
                    }

                    break;
                }
            }

            pos += used;
            return pos > endBits ? BlockResult.PastEnd : BlockResult.Ok;
        }

        var lookup = ac.Lookup;
        while (k < 64)
        {
            if (used > 41 && !Refill(data, endBits, ref pos, ref used, ref w))
            {
                return BlockResult.PastEnd;
            }

            var bits = w << used;
            e = lookup[(int)(bits >> (64 - LookupBits))];
            if (e == 0)
            {
                e = ac.DecodeLong(bits);
                if (e == 0)
                {
                    return BlockResult.Invalid;
                }
            }

            used += e >> 8;
            var rs = e & 0xFF;
            s = rs & 15;
            if (s == 0)
            {
                if (rs != 0xF0)
                {
                    break; // end of block
                }

                k += 16;
                if (k > 64)
                {
                    return BlockResult.Invalid;
                }

                continue;
            }

            k += rs >> 4;
            if (k > 63)
            {
                return BlockResult.Invalid;
            }

            if (keptAt >= 0 && KeptSlotOfZigZag[k] >= 0)
            {
                if (used + s > 57)
                {
                    pos += used;
                    used = 0;
                    if (pos > endBits)
                    {
                        return BlockResult.PastEnd;
                    }

                    w = Window(data, pos);
                }

                kept[keptAt + KeptSlotOfZigZag[k]] = (short)Extend((int)((w << used) >> (64 - s)), s);
            }

            used += s;
            k++;
        }

        pos += used;
        return pos > endBits ? BlockResult.PastEnd : BlockResult.Ok;
    }

    /// <summary>A Huffman table with a lookup on the next 9 bits and the canonical slow path for longer codes.</summary>
    private sealed class HuffmanTable
    {
        /// <summary>(code length &lt;&lt; 8) | symbol for codes of at most 9 bits, 0 otherwise.</summary>
        public readonly ushort[] Lookup = new ushort[1 << LookupBits];
        public const int SkipBits = 10;
        /// <summary>For AC codes of at most 10 bits: 0x8000 | (coefficients to move on, 0 = end of block) &lt;&lt; 8 | bits to move on.</summary>
        public readonly ushort[] Skip = new ushort[1 << SkipBits];
        private readonly int[] maxCode = new int[18];
        private readonly int[] valueOffset = new int[18];
        private byte[] values = [];
        public int MaxSymbol;

        public static HuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
        {
            var t = new HuffmanTable { values = symbols.ToArray() };
            foreach (var v in symbols)
            {
                t.MaxSymbol = Math.Max(t.MaxSymbol, v);
            }

            var code = 0;
            var p = 0;
            for (var length = 1; length <= 16; length++)
            {
                int n = counts[length - 1];
                t.valueOffset[length] = p - code;
                t.maxCode[length] = n == 0 ? -1 : code + n - 1;
                for (var c = 0; c < n; c++, code++, p++)
                {
                    // Codes must fit in their length, all-ones excluded: an over-subscribed table is broken (libjpeg agrees).
                    Require(code < (1 << length) - 1);
                    if (length <= SkipBits)
                    {
                        var shift = SkipBits - length;
                        t.Skip.AsSpan(code << shift, 1 << shift).Fill(SkipStep(length, symbols[p]));
                    }

                    if (length <= LookupBits)
                    {
                        var shift = LookupBits - length;
                        var entry = (ushort)((length << 8) | symbols[p]);
                        t.Lookup.AsSpan(code << shift, 1 << shift).Fill(entry);
                    }
                }

                Require(code < 1 << length);
                code <<= 1;
            }

            t.maxCode[17] = int.MaxValue;
            return t;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Decode(ulong bits)
        {
            int e = Lookup[(int)(bits >> (64 - LookupBits))];
            return e != 0 ? e : DecodeLong(bits);
        }

        private static ushort SkipStep(int length, int rs)
        {
            int run = rs >> 4, size = rs & 15;
            var advance = size != 0 ? run + 1 : run == 15 ? 16 : 0;
            return (ushort)(0x8000 | advance << 8 | (length + size));
        }

        public int SkipLong(ulong bits)
        {
            var e = DecodeLong(bits);
            return e == 0 ? 0 : SkipStep(e >> 8, e & 0xFF);
        }

        public int DecodeLong(ulong bits)
        {
            for (var length = LookupBits + 1; length <= 16; length++)
            {
                var code = (int)(bits >> (64 - length));
                if (code <= maxCode[length])
                {
                    return (length << 8) | values[code + valueOffset[length]];
                }
            }

            return 0;
        }
    }

    // ---- Pixels --------------------------------------------------------------------------------------------------

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
        for (var p = 0; p < luma.Length; p++)
        {
            int y = luma[p], o = p * 4;
            if (frame.Grey)
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

        return new RgbaImage(outW, outH, rgba);
    }
}
