using SkiaSharp;

namespace Coloring.Engine;

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
/// gave up while it waited is never started. What the stages make is kept (ADR 0013), so a change redoes only what it
/// touches; while no preview is asked for, the stages the person's likely next choices start from are made ahead.
/// </summary>
public sealed class StudioPreviews
{
    /// <summary>The long side of a preview, in pixels.</summary>
    public const int LongSide = 1024;

    /// <summary>How many photos' next choices are remembered for making ahead (the most recent first).</summary>
    private const int AheadPhotos = 16;

    private readonly LocalPageGenerator generator = new();
    private readonly SemaphoreSlim cores = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly StudioCache cache;
    private readonly bool prepareAhead;
    private readonly object aheadGate = new();
    private readonly LinkedList<Ahead> ahead = new(); // the photos whose next choices are still to prepare, most recent first
    private CancellationTokenSource? preparing; // the running work ahead; cancelled as soon as a preview is asked for
    private Task aheadDone = Task.CompletedTask; // work ahead runs one piece at a time, one after the other
    private int asked; // previews waiting for a core or being made

    /// <summary>Previews that keep at most <paramref name="cacheBytes"/> of photos, prepared pictures, segmentations and
    /// finished previews in memory, across everybody (0 keeps nothing). With <paramref name="prepareAhead"/>, the
    /// stages of the other presets and of the subject marked or cleared are made while no preview is asked for.</summary>
    public StudioPreviews(long cacheBytes = 0, bool prepareAhead = true)
    {
        cache = new StudioCache(cacheBytes);
        this.prepareAhead = prepareAhead && cacheBytes > 0;
    }

    /// <summary>The bytes the cache holds now.</summary>
    public long CachedBytes => cache.UsedBytes;

    /// <summary>The cache the previews share (for tests).</summary>
    internal StudioCache Cache => cache;

    /// <summary>Completes when the work ahead started so far has stopped (for tests).</summary>
    internal Task PreparedAhead
    {
        get
        {
            lock (aheadGate)
            {
                return aheadDone;
            }
        }
    }

    /// <summary>
    /// Makes the preview of the page <paramref name="options"/> would make from the photo that <paramref name="loadPhoto"/>
    /// reads; <paramref name="photoKey"/> names the photo (the same key must mean the same bytes). What is kept from earlier
    /// previews of the photo is used: its bytes, the stages' work that the options share with them (ADR 0013), and the
    /// finished preview for the very same options. Throws <see cref="PhotoRejectedException"/> for a photo the engine
    /// cannot read and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
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

        Interlocked.Increment(ref asked);
        StopPreparing();
        try
        {
            // Waiting for a core is where stale work queues up: a caller that moved on is never started.
            await cores.WaitAsync(cancellationToken);
            try
            {
                var preview = await Task.Run(() =>
                {
                    var page = generator.Generate(photo, options, new StageMemo(cache, photoKey), writeFiles: false, progress: null, cancellationToken);
                    cancellationToken.ThrowIfCancellationRequested();
                    return Draw(page, mark);
                }, cancellationToken);
                cache.Put(previewKey, preview, preview.Png.Length);
                WishAhead(photoKey, photo, options);
                return preview;
            }
            finally
            {
                cores.Release();
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref asked) == 0)
            {
                StartPreparing();
            }
        }
    }

    /// <summary>The choices a person makes next, after a preview of <paramref name="options"/>: another preset (a new working
    /// size: everything from the decode), or the subject marked or cleared (a tap: another working size too, for the zoom
    /// given to a marked box or found for none). Only what those pages start from is made ahead; the rest of a preview
    /// depends on every option.</summary>
    internal static IEnumerable<PageOptions> NextChoices(PageOptions options)
    {
        // A tap marks a box of 2/5 of the photo's shorter side; any box up to 3/5 of the photo gets the most zoom, and where
        // the box is does not change the working image, so this box stands for every tap.
        var toggled = options.Subject is null ? options with { Subject = new SubjectBox(0.3, 0.3, 0.7, 0.7) } : options with { Subject = null };
        var presets = new[] { AgePreset.Toddler, AgePreset.Kids, AgePreset.Detailed };
        return presets.Where(p => p != options.Preset).Select(p => options with { Preset = p })
            .Concat(presets.Select(p => toggled with { Preset = p }));
    }

    private void WishAhead(string photoKey, byte[] photo, PageOptions options)
    {
        if (!prepareAhead)
        {
            return;
        }

        lock (aheadGate)
        {
            for (var node = ahead.First; node is not null; node = node.Next)
            {
                if (node.Value.Photo == photoKey)
                {
                    ahead.Remove(node);
                    break;
                }
            }

            ahead.AddFirst(new Ahead(photoKey, photo, new Queue<PageOptions>(NextChoices(options))));
            while (ahead.Count > AheadPhotos)
            {
                ahead.RemoveLast();
            }
        }
    }

    private void StopPreparing()
    {
        lock (aheadGate)
        {
            preparing?.Cancel();
            preparing = null;
        }
    }

    /// <summary>Makes ahead, one stage after the other, the stages of the most recent photo's next choices, while no
    /// preview is asked for and the cache has room (work ahead must never push out what people are using).</summary>
    private void StartPreparing()
    {
        cache.DropIdle();
        lock (aheadGate)
        {
            if (!prepareAhead || preparing is not null || ahead.Count == 0)
            {
                return;
            }

            var stop = new CancellationTokenSource();
            preparing = stop;
            aheadDone = aheadDone.ContinueWith(_ => PrepareAhead(stop), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void PrepareAhead(CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && Volatile.Read(ref asked) == 0 && cache.UsedBytes < cache.CapacityBytes / 2)
            {
                (string Photo, byte[] Bytes, PageOptions Options) next;
                lock (aheadGate)
                {
                    if (ahead.First is not { } node)
                    {
                        break;
                    }

                    if (!node.Value.Choices.TryDequeue(out var options))
                    {
                        ahead.RemoveFirst();
                        continue;
                    }

                    next = (node.Value.Photo, node.Value.Bytes, options);
                }

                LocalPageGenerator.Prepare(next.Bytes, next.Options, new StageMemo(cache, next.Photo), stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // A preview was asked for: it has the cores.
        }
        catch (PhotoRejectedException)
        {
            // The photo's preview said so already.
        }
        finally
        {
            lock (aheadGate)
            {
                if (preparing == stop)
                {
                    preparing = null;
                }
            }

            stop.Dispose();
        }
    }

    private sealed record Ahead(string Photo, byte[] Bytes, Queue<PageOptions> Choices);

    private sealed record PhotoKey(string Photo);

    private sealed record PreviewKey(string Photo, PageOptions Options, string? Mark);

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
