using System.Diagnostics;

namespace Coloring.Engine;

/// <summary>The engine's side of a page drawn by an outside service: the photo to send it, and its drawing turned
/// into a page by the same regions stage, tracing and quality gate as a local page.</summary>
public static class LineArtPages
{
    /// <summary>Checks the photo (throws <see cref="PhotoRejectedException"/>) and re-encodes it upright, turned and
    /// cropped as <paramref name="options"/> say (the picture the person steered in the studio), as a JPEG at most
    /// <paramref name="longSide"/> pixels on its long side, without metadata.</summary>
    public static byte[] PhotoToSend(ReadOnlySpan<byte> photo, int longSide, PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PhotoReader.Inspect(photo);
        return PhotoReader.EncodeJpeg(PhotoReader.DecodeForWork(photo, longSide, options.Turns, options.Crop, out _));
    }

    /// <summary>Makes a page of <paramref name="drawing"/> (black lines on white). Stage times are added to
    /// <paramref name="stageMs"/>, and "total" is read from <paramref name="total"/> when the page is done.</summary>
    /// <exception cref="PageGenerationException">The drawing cannot be read (transient: another try may draw one).</exception>
    public static ColoringPage FromDrawing(string generator, ReadOnlySpan<byte> drawing, PageOptions options, Dictionary<string, double> stageMs,
        Stopwatch total, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stageMs);
        ArgumentNullException.ThrowIfNull(total);
        var sw = Stopwatch.StartNew();
        var preset = PresetSettings.For(options.Preset);
        RgbaImage image;
        try
        {
            image = PhotoReader.DecodeForWork(drawing, preset.WorkingLongSide, out _);
        }
        catch (PhotoRejectedException ex)
        {
            throw new PageGenerationException("The drawing service sent back a picture we could not read.", transient: true, ex);
        }

        GenerationStages.Add(stageMs, GenerationStages.Decode, sw);
        var page = PagePipeline.Run(generator, image.Width, image.Height, options,
            (_, _) => LineArtSegmenter.Segment(image, minWhiteArea: 12), stageMs, PageTrace.None, progress, cancellationToken);
        stageMs["total"] = total.Elapsed.TotalMilliseconds;
        return LocalPageGenerator.WithTotal(page, stageMs);
    }
}
