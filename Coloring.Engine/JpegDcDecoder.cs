using System.Diagnostics;

namespace Coloring.Engine;

/// <summary>
/// Decodes a baseline JPEG straight to its 1/8-scale picture (one pixel per 8×8 luma block), or its 1/4-scale one
/// (2×2 pixels per block), on both cores, giving the same pixels as libjpeg-turbo's own scaled decode (which is what
/// SkiaSharp runs).
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
/// At 1/4 every block's AC terms are decoded too, but only those the reduced IDCT reads are kept: jpeg_idct_2x2 for
/// luma and 4:4:4 chroma, jpeg_idct_4x4 for 4:2:0 chroma (libjpeg-turbo widens the chroma IDCT so that it needs no
/// upsampling, jdmaster.c). 4:2:2 and 4:4:0 would need its fancy upsampling filter and are left to SkiaSharp.
/// </remarks>
internal static partial class JpegDcDecoder
{
    /// <summary>Below this much entropy-coded data one worker is faster than two.</summary>
    internal const int DefaultParallelThreshold = 1 << 20;

    private const int MaxPixels = 64_000_000;
    /// <summary>Huffman codes up to this long are decoded by one table lookup. At 1/4 every AC code is decoded, and a
    /// noisy camera photo has many of 10 and 11 bits.</summary>
    private const int LookupBits = 11;

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

    /// <summary>Decodes to RGBA at 1/4 scale (ceil(w/4)×ceil(h/4)), or returns null for anything not handled: besides
    /// what <see cref="Decode(ReadOnlySpan{byte})"/> leaves to SkiaSharp, 4:2:2 and 4:4:0 (which libjpeg-turbo
    /// upsamples with its fancy filter at this scale).</summary>
    public static RgbaImage? DecodeQuarter(ReadOnlySpan<byte> jpeg) => Decode(jpeg, DefaultParallelThreshold, null, quarter: true);

    internal static RgbaImage? Decode(ReadOnlySpan<byte> jpeg, int parallelThreshold, DecodeReport? report, bool quarter = false)
    {
        try
        {
            report ??= new DecodeReport();
            var started = Stopwatch.GetTimestamp();
            var frame = ReadFrame(jpeg);
            frame.Quarter = quarter;
            Require(!quarter || frame.Grey || frame.LumaH == frame.LumaV);
            var scan = Destuff(jpeg, frame.ScanStart);
            report.DestuffMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var coefficients = DecodeScan(frame, scan, parallelThreshold, report);
            report.EntropyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds - report.DestuffMs;
            var image = quarter ? RenderQuarter(frame, coefficients) : Render(frame, coefficients);
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
}
