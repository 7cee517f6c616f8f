using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace Coloring.Engine;

/// <summary>How one try of the quality gate differs from the preset.</summary>
/// <param name="Detail">Above 1: more, smaller regions; below 1: fewer, larger ones.</param>
/// <param name="MinAreaFactor">Multiplies the preset's smallest region area.</param>
internal sealed record AttemptTuning(double Detail, double MinAreaFactor);

/// <summary>Regions found by a line method for one try.</summary>
/// <param name="Detail">Detail-line candidates (see <see cref="DetailLines"/>); null draws region boundaries only.</param>
/// <param name="Parts">Labels that are small closed parts of the subject (see <see cref="ClosedParts"/>), kept by the regions stage.</param>
internal sealed record Segmentation(int[] Labels, int Count, LabImage? Colours, float[]? Saliency = null, DetailCandidates? Detail = null, bool[]? Parts = null);

/// <summary>The shared back half of every generator: regions, trace, render and the quality gate with retries.</summary>
internal static class PagePipeline
{
    public const int MaxAttempts = 4;

    /// <summary>Makes a page of the regions <paramref name="segment"/> finds: up to <see cref="MaxAttempts"/> tries,
    /// each tuned by what the quality gate measured on the one before; the first that passes, or else the best, is kept.</summary>
    public static ColoringPage Run(
        string generator,
        int workWidth,
        int workHeight,
        PageOptions options,
        Func<AttemptTuning, PresetSettings, Segmentation> segment,
        Dictionary<string, double> stageMs,
        IPageTrace trace,
        IProgress<GenerationProgress>? progress,
        CancellationToken cancellationToken,
        bool writeFiles = true)
    {
        var setup = PageSetup.For(options, workWidth, workHeight);
        var tuning = FirstTuning(options);
        Candidate? best = null;
        var attempts = 0;
        var stopwatch = new Stopwatch();

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            attempts = attempt;
            var basePercent = 10 + (attempt - 1) * 5;
            progress?.Report(new GenerationProgress(GenerationStages.Lines, Math.Min(40, basePercent + 10)));
            stopwatch.Restart();
            var seg = segment(tuning, setup.Preset);
            trace.Labels($"a{attempt}-1-segments", seg.Labels, workWidth, workHeight, seg.Colours);
            GenerationStages.Add(stageMs, GenerationStages.Lines, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.Regions, 45));
            stopwatch.Restart();
            var labels = MergeRegions(setup, seg, tuning);
            trace.Labels($"a{attempt}-2-merged", labels, workWidth, workHeight, seg.Colours);
            GenerationStages.Add(stageMs, GenerationStages.Regions, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.Trace, 60));
            stopwatch.Restart();
            var strokes = TraceStrokes(setup, seg, labels);
            GenerationStages.Add(stageMs, GenerationStages.Trace, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.Render, 75));
            stopwatch.Restart();
            var candidate = RenderAndMeasure(setup, strokes, writeFiles, cancellationToken);
            GenerationStages.Add(stageMs, GenerationStages.Render, stopwatch);

            if (best is null || candidate.Penalty < best.Penalty)
            {
                best = candidate;
            }

            if (candidate.Failures.Count == 0)
            {
                break;
            }

            tuning = Adjust(tuning, candidate.Measurement, setup.Bounds);
        }

        progress?.Report(new GenerationProgress(GenerationStages.Render, 85));
        stopwatch.Restart();
        var chosen = best!;
        var png = chosen.Files.Png.GetAwaiter().GetResult();
        var preview = chosen.Files.Preview.GetAwaiter().GetResult();
        GenerationStages.Add(stageMs, GenerationStages.Render, stopwatch);
        progress?.Report(new GenerationProgress(GenerationStages.Render, 100));
        return Page(generator, setup, chosen, png, preview, attempts, stageMs);
    }

    /// <summary>The first try's tuning: the detail level starts the tries finer or coarser; the gate steers from there.</summary>
    public static AttemptTuning FirstTuning(PageOptions options) => new(Math.Pow(DetailSettings.DetailStep, options.Detail), 1);

    /// <summary>What every try of one page shares: the preset, the line width, where the drawing sits on the paper
    /// and the bounds of the quality gate.</summary>
    private sealed record PageSetup(
        PageOptions Options,
        PresetSettings Preset,
        double LinePt,
        double LineWidth,
        PageLayout Layout,
        QualityBounds Bounds,
        DetailSettings Detail,
        int WorkWidth,
        int WorkHeight)
    {
        public static PageSetup For(PageOptions options, int workWidth, int workHeight)
        {
            var linePt = options.EffectiveLinePt;
            return new PageSetup(options, PresetSettings.For(options.Preset), linePt, linePt * PageLayout.Dpi / 72,
                PageLayout.Fit(options.Paper, workWidth, workHeight), QualityBounds.For(options.Preset), DetailSettings.For(options.Preset).At(options.Detail),
                workWidth, workHeight);
        }

        /// <summary>Side of the smallest region a child of the preset's age can color, in page pixels.</summary>
        public double MinRegionSide => Preset.MinRegionInches * PageLayout.Dpi;

        /// <summary>Length of the frame around the drawing, in page pixels.</summary>
        public double FramePerimeter => 2 * (WorkWidth + WorkHeight) * Layout.Scale;
    }

    /// <summary>The regions stage: merges the segments down to the preset's smallest region, region count and ink budget.</summary>
    private static int[] MergeRegions(PageSetup setup, Segmentation seg, AttemptTuning tuning)
    {
        var (preset, layout, lineWidth) = (setup.Preset, setup.Layout, setup.LineWidth);
        var minRegionSide = setup.MinRegionSide;
        var pageArea = (double)layout.PageWidth * layout.PageHeight;
        // More detail (a positive level) also lets the lines have a tenth more ink per step, or the finer segments would
        // only be merged back to the same budget.
        var targetInk = preset.TargetInk * Math.Min(1, Math.Sqrt(tuning.Detail)) * Math.Pow(1.1, Math.Max(0, setup.Options.Detail));
        // Detail lines come on top of the boundaries' ink budget (see docs/decisions/0002-line-method.md).
        var budget = Math.Max(0, targetInk * pageArea / lineWidth - setup.FramePerimeter);
        var maxRegions = Math.Max(3, (int)Math.Round(preset.MaxRegions * Math.Min(1.5, tuning.Detail)));
        var goals = new MergeGoals(layout.Scale, lineWidth, minRegionSide * minRegionSide * tuning.MinAreaFactor, maxRegions,
            seg.Colours is null ? 0 : preset.MergeDeltaE / Math.Sqrt(tuning.Detail), budget,
            setup.Options.Preset == AgePreset.Toddler ? 0.5 : 0);
        return new RegionMerger(seg.Labels, seg.Count, setup.WorkWidth, setup.WorkHeight, seg.Colours, seg.Saliency, seg.Parts).Run(goals);
    }

    /// <summary>The trace stage: the regions' boundaries as smoothed strokes, then the interior detail lines.</summary>
    private static TracedStrokes TraceStrokes(PageSetup setup, Segmentation seg, int[] labels)
    {
        var (preset, layout, w, h) = (setup.Preset, setup.Layout, setup.WorkWidth, setup.WorkHeight);
        var boundaries = BoundaryTracer.Trace(labels, w, h);
        var smoothPasses = Math.Max(2, (int)Math.Round(preset.SmoothPasses * Math.Sqrt(w * (double)h) / Math.Sqrt(preset.WorkingLongSide * preset.WorkingLongSide * 0.75)));
        var strokes = BoundaryTracer.ToStrokes(boundaries, smoothPasses, layout.Scale, layout.OffsetX, layout.OffsetY, w, h);
        if (seg.Detail is null)
        {
            return strokes;
        }

        // Interior detail lines are open by design (the boundaries keep the regions closed): their ends do not
        // count as open line ends.
        var chains = DetailLines.Extract(seg.Detail, labels, w, h, setup.Detail,
            layout.Scale, setup.LineWidth, Math.Max(0, strokes.TotalLength - setup.FramePerimeter));
        if (chains.Count == 0)
        {
            return strokes;
        }

        var detail = BoundaryTracer.ToStrokes(chains, Math.Max(2, smoothPasses / 3), layout.Scale, layout.OffsetX, layout.OffsetY, w, h);
        return new TracedStrokes([.. strokes.PathData, .. detail.PathData], strokes.TotalLength + detail.TotalLength, strokes.OpenEnds, detail.PathData.Count);
    }

    /// <summary>The render stage of one try: draws the strokes, starts writing its files and measures the page
    /// against the quality gate.</summary>
    private static Candidate RenderAndMeasure(PageSetup setup, TracedStrokes strokes, bool writeFiles, CancellationToken cancellationToken)
    {
        var (layout, lineWidth, bounds) = (setup.Layout, setup.LineWidth, setup.Bounds);
        var ink = RasterizeInk(strokes.PathData, lineWidth, layout.PageWidth, layout.PageHeight);
        // The files are written while the page is measured; they are used only if this try is the one kept.
        var files = writeFiles ? StartFiles(strokes, ink, lineWidth, layout, cancellationToken) : NoFiles;
        var measurement = PageInspector.Measure(ink, layout.PageWidth, layout.PageHeight, lineWidth, setup.MinRegionSide, strokes.TotalLength);
        var failures = bounds.Check(measurement, strokes.OpenEnds, lineWidth);
        var penalty = bounds.Penalty(measurement, strokes.OpenEnds) + failures.Count * 1e-3;
        return new Candidate(strokes, files, measurement, failures, penalty);
    }

    /// <summary>The kept try as a finished page with its metrics.</summary>
    private static ColoringPage Page(string generator, PageSetup setup, Candidate chosen, byte[] png, byte[] preview, int attempts, Dictionary<string, double> stageMs)
    {
        var (layout, lineWidth) = (setup.Layout, setup.LineWidth);
        var m = chosen.Measurement;
        var metrics = new PageMetrics
        {
            Generator = generator,
            Preset = setup.Options.Preset.Name(),
            InkCoverage = Math.Round(m.InkCoverage, 5),
            Specks = m.Specks,
            LargestBlobShare = Math.Round(m.LargestBlobShare, 5),
            SmallRegionShare = Math.Round(m.SmallRegionShare, 5),
            Regions = m.Regions,
            OpenEnds = chosen.Strokes.OpenEnds,
            LinePt = setup.LinePt,
            StrokeWidthPx = Math.Round(lineWidth, 2),
            MeasuredStrokeWidthPx = Math.Round(m.MeasuredStrokeWidth, 2),
            Strokes = chosen.Strokes.PathData.Count,
            DetailStrokes = chosen.Strokes.DetailStrokes,
            WorkingWidth = setup.WorkWidth,
            WorkingHeight = setup.WorkHeight,
            Attempts = attempts,
            Passed = chosen.Failures.Count == 0,
            Failures = chosen.Failures,
            StageMs = stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1)),
        };

        return new ColoringPage
        {
            Png = png,
            Svg = chosen.Files.Svg,
            PreviewPng = preview,
            Width = layout.PageWidth,
            Height = layout.PageHeight,
            Paper = layout.Paper,
            Orientation = layout.Orientation,
            Metrics = metrics,
            Drawing = new PageDrawing(chosen.Strokes.PathData, Math.Round(lineWidth, 2), layout.PageWidth, layout.PageHeight),
        };
    }

    private sealed record Candidate(TracedStrokes Strokes, PageFiles Files, PageMeasurement Measurement, List<string> Failures, double Penalty);

    /// <summary>A try's files: the PNG and the preview are written on the pool while the page is measured. Waiting on
    /// them runs them on the waiting thread if the pool has not started them, so a busy pool cannot stall a page.</summary>
    private sealed record PageFiles(Task<byte[]> Png, string Svg, Task<byte[]> Preview);

    /// <summary>A studio preview's try: the page is measured, but no file is written (the preview draws the strokes itself).</summary>
    private static readonly PageFiles NoFiles = new(Task.FromResult(Array.Empty<byte>()), "", Task.FromResult(Array.Empty<byte>()));

    private static PageFiles StartFiles(TracedStrokes strokes, byte[] ink, double lineWidth, PageLayout layout, CancellationToken cancellationToken)
    {
        var png = Task.Run(() => PngWriter.WriteBilevel(ink, layout.PageWidth, layout.PageHeight), cancellationToken);
        var previewScale = 1024.0 / Math.Max(layout.PageWidth, layout.PageHeight);
        int pw = (int)Math.Round(layout.PageWidth * previewScale), ph = (int)Math.Round(layout.PageHeight * previewScale);
        var preview = Task.Run(() => PngWriter.WriteGray(Preview(ink, layout.PageWidth, layout.PageHeight, pw, ph), pw, ph), cancellationToken);
        return new PageFiles(png, BuildSvg(strokes.PathData, lineWidth, layout), preview);
    }

    private static AttemptTuning Adjust(AttemptTuning t, PageMeasurement m, QualityBounds b)
    {
        var detail = t.Detail;
        var minArea = t.MinAreaFactor;
        if (m.InkCoverage > b.InkMax || m.LargestBlobShare > b.BlobMax)
        {
            detail *= 0.6;
        }
        else if (m.InkCoverage < b.InkMin || m.Regions < b.MinRegions)
        {
            detail *= 1.8;
        }

        if (m.SmallRegionShare > b.SmallRegionShareMax)
        {
            minArea *= 1.6;
        }

        if (m.Specks > b.SpecksMax)
        {
            minArea *= 1.3;
        }

        return new AttemptTuning(detail, minArea);
    }

    /// <summary>Draws the strokes at page size without anti-aliasing; returns 0/1 ink per pixel. The page is drawn in two
    /// bands of rows side by side, each clipped to its own rows of the one buffer: without anti-aliasing a pixel is
    /// inked when its centre is inside a stroke, so the bands together are exactly the page drawn in one go.</summary>
    internal static byte[] RasterizeInk(IReadOnlyList<string> paths, double lineWidth, int width, int height)
    {
        // A new array is already transparent (0), so the surfaces need no clearing.
        var pixels = GC.AllocateArray<byte>(width * height, pinned: true);
        var half = height / 2;
        Parallel.Invoke(
            () => DrawBand(paths, lineWidth, pixels, width, 0, half),
            () => DrawBand(paths, lineWidth, pixels, width, half, height - half));
        ToBits(pixels);
        return pixels;
    }

    private static void DrawBand(IReadOnlyList<string> paths, double lineWidth, byte[] pixels, int width, int top, int rows)
    {
        var info = new SKImageInfo(width, pixels.Length / width, SKColorType.Alpha8, SKAlphaType.Premul);
        // The array lives on the pinned heap, so its address stays put while Skia draws into it. Each band clips to its
        // rows (the same geometry as drawing the whole page, so the same pixels) and so writes only its own rows.
        using var surface = SKSurface.Create(info, Marshal.UnsafeAddrOfPinnedArrayElement(pixels, 0), width)
            ?? throw new InvalidOperationException("Could not create a drawing surface.");
        var canvas = surface.Canvas;
        canvas.ClipRect(new SKRect(0, top, width, top + rows));
        using var paint = new SKPaint
        {
            Color = SKColors.Black,
            IsAntialias = false,
            Style = SKPaintStyle.Stroke,
            StrokeWidth = (float)lineWidth,
            StrokeCap = SKStrokeCap.Round,
            StrokeJoin = SKStrokeJoin.Round,
        };
        foreach (var d in paths)
        {
            using var path = SKPath.ParseSvgPathData(d);
            if (path is not null)
            {
                canvas.DrawPath(path, paint);
            }
        }

        canvas.Flush();
    }

    /// <summary>255 → 1, 0 → 0, a vector at a time, in chunks over the cores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToBits(byte[] pixels)
    {
        const int chunk = 1 << 16;
        Parallel.For(0, (pixels.Length + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            var span = pixels.AsSpan(c * chunk, Math.Min(chunk, pixels.Length - c * chunk));
            var i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated)
            {
                var vectors = MemoryMarshal.Cast<byte, System.Numerics.Vector<byte>>(span);
                for (var v = 0; v < vectors.Length; v++)
                {
                    vectors[v] = System.Numerics.Vector.ShiftRightLogical(vectors[v], 7);
                }

                i = vectors.Length * System.Numerics.Vector<byte>.Count;
            }

            for (; i < span.Length; i++)
            {
                span[i] = (byte)(span[i] >> 7);
            }
        });
    }

    /// <summary>The 1024 px preview: the page's own ink averaged over each preview pixel's area (a box filter with
    /// fractional edges), so the preview shows exactly the printed lines, smoothly; white 255, full ink 0. Each preview
    /// row walks the ink runs of the page rows under it (pages are mostly white), and rows are spread over the cores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] Preview(byte[] ink, int width, int height, int previewWidth, int previewHeight)
    {
        var fx = (double)width / previewWidth;
        var fy = (double)height / previewHeight;
        var area = fx * fy;
        var preview = new byte[previewWidth * previewHeight];
        Parallel.For(0, previewHeight, () => new double[previewWidth], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (py, _, acc) =>
        {
            Array.Clear(acc);
            double y0 = py * fy, y1 = Math.Min(height, (py + 1) * fy);
            for (int y = (int)y0, yEnd = Math.Min(height - 1, (int)Math.Ceiling(y1) - 1); y <= yEnd; y++)
            {
                var wy = Math.Min(y + 1, y1) - Math.Max(y, y0);
                var row = ink.AsSpan(y * width, width);
                var x = 0;
                while (x < width)
                {
                    var start = row[x..].IndexOfAnyExcept((byte)0);
                    if (start < 0)
                    {
                        break;
                    }

                    start += x;
                    var length = row[start..].IndexOf((byte)0);
                    var end = length < 0 ? width : start + length;
                    for (int px = (int)(start / fx), last = Math.Min(previewWidth - 1, (int)Math.Ceiling(end / fx) - 1); px <= last; px++)
                    {
                        var overlap = Math.Min(end, (px + 1) * fx) - Math.Max(start, px * fx);
                        if (overlap > 0)
                        {
                            acc[px] += wy * overlap;
                        }
                    }

                    x = end;
                }
            }

            var o = py * previewWidth;
            for (var px = 0; px < previewWidth; px++)
            {
                preview[o + px] = (byte)Math.Round(255 * (1 - Math.Min(1, acc[px] / area)));
            }

            return acc;
        }, _ => { });
        return preview;
    }

    private static string BuildSvg(IReadOnlyList<string> paths, double lineWidth, PageLayout layout)
    {
        var (mmW, mmH) = layout.SizeMm;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(paths.Sum(p => p.Length + 16) + 512);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{mmW:0.##}mm\" height=\"{mmH:0.##}mm\" viewBox=\"0 0 {layout.PageWidth} {layout.PageHeight}\">\n");
        sb.Append(inv, $"<rect x=\"0\" y=\"0\" width=\"{layout.PageWidth}\" height=\"{layout.PageHeight}\" fill=\"#ffffff\"/>\n");
        sb.Append(inv, $"<g fill=\"none\" stroke=\"#000000\" stroke-width=\"{lineWidth:0.##}\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
        foreach (var d in paths)
        {
            sb.Append("<path d=\"").Append(d).Append("\"/>\n");
        }

        sb.Append("</g>\n</svg>\n");
        return sb.ToString();
    }
}
