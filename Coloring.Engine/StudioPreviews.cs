using SkiaSharp;

namespace Coloring.Engine;

/// <summary>Where <see cref="LocalPageGenerator"/> gets its working image of <paramref name="photo"/>: at most
/// <paramref name="maxLongSide"/> px on its long side, turned and cropped as <paramref name="options"/> say.</summary>
internal delegate RgbaImage WorkingImages(ReadOnlySpan<byte> photo, int maxLongSide, PageOptions options, out PhotoInfo info);

/// <summary>The working image as the jobs and the CLI get it: decoded from the photo every time.</summary>
internal static class WorkingPhoto
{
    public static RgbaImage Decode(ReadOnlySpan<byte> photo, int maxLongSide, PageOptions options, out PhotoInfo info) =>
        PhotoReader.DecodeForWork(photo, maxLongSide, options.Turns, options.Crop, out info);
}

/// <summary>A studio preview: the page the options would make, drawn about <see cref="StudioPreviews.LongSide"/> px on
/// its long side (never at print size), with the page's geometry.</summary>
/// <param name="Png">The preview, a greyscale PNG.</param>
/// <param name="Width">The preview's width in pixels.</param>
/// <param name="Height">The preview's height in pixels.</param>
/// <param name="PageWidth">The 300 DPI page's width in pixels (the preview is this page scaled down).</param>
/// <param name="PageHeight">The 300 DPI page's height in pixels.</param>
/// <param name="Orientation">The page's orientation.</param>
public sealed record StudioPreview(byte[] Png, int Width, int Height, int PageWidth, int PageHeight, PageOrientation Orientation);

/// <summary>The light mark drawn across every preview, so that it is never mistaken for the page itself.</summary>
/// <param name="Text">The word drawn ("Preview").</param>
/// <param name="Typeface">The font to draw it in (the engine ships none).</param>
public sealed record PreviewMark(string Text, SKTypeface Typeface);

/// <summary>
/// The studio's live previews: the same page <see cref="LocalPageGenerator"/> makes for the options (the same steps,
/// the same quality gate), but its strokes are drawn at <see cref="LongSide"/> px instead of writing the 300 DPI PNG.
/// One instance is shared by everybody; at most one preview per core is worked on at once, and a preview whose caller
/// gave up while it waited is never started.
/// </summary>
public sealed class StudioPreviews
{
    /// <summary>The long side of a preview, in pixels.</summary>
    public const int LongSide = 1024;

    private readonly LocalPageGenerator generator = new();
    private readonly SemaphoreSlim cores = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly StudioCache cache;

    /// <summary>Previews that keep at most <paramref name="cacheBytes"/> of photos, decoded working images and finished
    /// previews in memory, across everybody (0 keeps nothing).</summary>
    public StudioPreviews(long cacheBytes = 0) => cache = new StudioCache(cacheBytes);

    /// <summary>The bytes the cache holds now.</summary>
    public long CachedBytes => cache.UsedBytes;

    /// <summary>
    /// Makes the preview of the page <paramref name="options"/> would make from the photo that <paramref name="loadPhoto"/>
    /// reads; <paramref name="photoKey"/> names the photo (the same key must mean the same bytes). What is kept from earlier
    /// previews of the photo is used: its bytes, its working images (decoded, turned and cropped), and the finished preview
    /// for the very same options. Throws <see cref="PhotoRejectedException"/> for a photo the engine cannot read and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task<StudioPreview> RenderAsync(string photoKey, Func<CancellationToken, Task<byte[]>> loadPhoto, PageOptions options, PreviewMark? mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photoKey);
        ArgumentNullException.ThrowIfNull(loadPhoto);
        ArgumentNullException.ThrowIfNull(options);
        var previewKey = new PreviewKey(photoKey, options, mark?.Text);
        if (cache.TryGet<StudioPreview>(previewKey, out var made))
        {
            return made;
        }

        var photoBytesKey = new PhotoKey(photoKey);
        if (!cache.TryGet<byte[]>(photoBytesKey, out var photo))
        {
            photo = await loadPhoto(cancellationToken);
            cache.Put(photoBytesKey, photo, photo.Length);
        }

        // Waiting for a core is where stale work queues up: a caller that moved on is never started.
        await cores.WaitAsync(cancellationToken);
        try
        {
            var preview = await Task.Run(() =>
            {
                var page = generator.Generate(photo, options, WorkingImagesOf(photoKey), writeFiles: false, progress: null, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                return Draw(page, mark);
            }, cancellationToken);
            cache.Put(previewKey, preview, preview.Png.Length);
            return preview;
        }
        finally
        {
            cores.Release();
        }
    }

    /// <summary>The working images of one photo from the cache, decoded and kept on a miss. They are shared by every
    /// preview that needs them: the engine only reads them.</summary>
    private WorkingImages WorkingImagesOf(string photoKey) => (ReadOnlySpan<byte> photo, int maxLongSide, PageOptions options, out PhotoInfo info) =>
    {
        var key = new ImageKey(photoKey, options.Turns, options.Crop is { IsWhole: false } crop ? crop : null, maxLongSide);
        if (cache.TryGet<WorkingImage>(key, out var kept))
        {
            info = kept.Info;
            return kept.Image;
        }

        var image = WorkingPhoto.Decode(photo, maxLongSide, options, out info);
        cache.Put(key, new WorkingImage(image, info), image.Pixels.Length);
        return image;
    };

    private sealed record PhotoKey(string Photo);

    private sealed record ImageKey(string Photo, int Turns, CropBox? Crop, int LongSide);

    private sealed record PreviewKey(string Photo, PageOptions Options, string? Mark);

    private sealed record WorkingImage(RgbaImage Image, PhotoInfo Info);

    /// <summary>Draws the page's strokes, anti-aliased, at <see cref="LongSide"/> px, and the mark across it.</summary>
    internal static StudioPreview Draw(ColoringPage page, PreviewMark? mark)
    {
        var drawing = page.Drawing;
        var scale = (double)LongSide / Math.Max(drawing.Width, drawing.Height);
        int width = Math.Max(1, (int)Math.Round(drawing.Width * scale)), height = Math.Max(1, (int)Math.Round(drawing.Height * scale));
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Could not create a drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Save();
        canvas.Scale((float)scale);
        using (var paint = new SKPaint
        {
            Color = SKColors.Black,
            IsAntialias = true,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = (float)drawing.StrokeWidth,
            StrokeCap = SKStrokeCap.Round,
            StrokeJoin = SKStrokeJoin.Round,
        })
        {
            foreach (var d in drawing.PathData)
            {
                using var path = SKPath.ParseSvgPathData(d);
                if (path is not null)
                {
                    canvas.DrawPath(path, paint);
                }
            }
        }

        canvas.Restore();
        if (mark is not null)
        {
            DrawMark(canvas, width, height, mark);
        }

        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("PNG encoding failed.");
        return new StudioPreview(data.ToArray(), width, height, drawing.Width, drawing.Height, page.Orientation);
    }

    /// <summary>The word three times along the diagonal, light enough to colour over in the mind's eye, across the
    /// middle so that no crop of a useful part leaves it out.</summary>
    private static void DrawMark(SKCanvas canvas, int width, int height, PreviewMark mark)
    {
        using var font = new SKFont(mark.Typeface, Math.Max(width, height) / 12f) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { Color = new SKColor(0, 0, 0, 40), IsAntialias = true };
        var textWidth = font.MeasureText(mark.Text);
        var angle = (float)(Math.Atan2(height, width) * 180 / Math.PI);
        for (var i = 1; i <= 3; i++)
        {
            canvas.Save();
            canvas.Translate(width * i / 4f, height * i / 4f);
            canvas.RotateDegrees(-angle);
            canvas.DrawText(mark.Text, -textWidth / 2, font.Size / 3, SKTextAlign.Left, font, paint);
            canvas.Restore();
        }
    }
}
