using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace Coloring.Domain.Imaging;

/// <summary>How one try of the quality gate differs from the preset.</summary>
/// <param name="Detail">Above 1: more, smaller regions; below 1: fewer, larger ones.</param>
/// <param name="MinAreaFactor">Multiplies the preset's smallest region area.</param>
internal sealed record AttemptTuning(double Detail, double MinAreaFactor);

/// <summary>Regions found by a line method for one try.</summary>
/// <param name="Detail">Detail-line candidates (see <see cref="DetailLines"/>); null draws region boundaries only.</param>
internal sealed record Segmentation(int[] Labels, int Count, LabImage? Colours, float[]? Saliency = null, DetailCandidates? Detail = null);

/// <summary>The shared back half of every generator: clean-up, trace, render and the quality gate with retries.</summary>
internal static class PagePipeline
{
    public const int MaxAttempts = 4;

    /// <summary>Receives intermediate label maps (stage name, labels, width, height, colours); for the CLI's debug verb only.</summary>
    internal static Action<string, int[], int, int, LabImage?>? DebugSink { get; set; }

    /// <summary>Receives intermediate 0..1 maps (stage name, values, width, height); for the CLI's debug verb only.</summary>
    internal static Action<string, float[], int, int>? DebugMapSink { get; set; }

    public static ColoringPage Run(
        string generator,
        int workWidth,
        int workHeight,
        PageOptions options,
        Func<AttemptTuning, PresetSettings, Segmentation> segment,
        Dictionary<string, double> stageMs,
        IProgress<GenerationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var preset = PresetSettings.For(options.Preset);
        var linePt = Math.Clamp(options.LinePt ?? preset.LinePt, 0.5, 12);
        var lineWidth = linePt * PageLayout.Dpi / 72;
        var layout = PageLayout.Fit(options.Paper, workWidth, workHeight);
        var bounds = QualityBounds.For(options.Preset);
        var tuning = new AttemptTuning(1, 1);
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
            var seg = segment(tuning, preset);
            DebugSink?.Invoke($"a{attempt}-1-segments", seg.Labels, workWidth, workHeight, seg.Colours);
            Add(stageMs, GenerationStages.Lines, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.CleanUp, 45));
            stopwatch.Restart();
            var minRegionSide = preset.MinRegionInches * PageLayout.Dpi;
            var pageArea = (double)layout.PageWidth * layout.PageHeight;
            var framePerimeter = 2 * (workWidth + workHeight) * layout.Scale;
            var targetInk = preset.TargetInk * Math.Min(1, Math.Sqrt(tuning.Detail));
            // Detail lines come on top of the boundaries' ink budget (giving them a share of it was tried: the
            // boundaries then lost the mandrill's eyes and the butterfly's spots).
            var detailSettings = DetailSettings.For(options.Preset);
            var budget = Math.Max(0, targetInk * pageArea / lineWidth - framePerimeter);
            var maxRegions = Math.Max(3, (int)Math.Round(preset.MaxRegions * Math.Min(1.5, tuning.Detail)));
            var goals = new MergeGoals(layout.Scale, lineWidth, minRegionSide * minRegionSide * tuning.MinAreaFactor, maxRegions,
                seg.Colours is null ? 0 : preset.MergeDeltaE / Math.Sqrt(tuning.Detail), budget,
                options.Preset == AgePreset.Toddler ? 0.5 : 0);
            var labels = new RegionMerger(seg.Labels, seg.Count, workWidth, workHeight, seg.Colours, seg.Saliency).Run(goals);
            DebugSink?.Invoke($"a{attempt}-2-merged", labels, workWidth, workHeight, seg.Colours);
            Add(stageMs, GenerationStages.CleanUp, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.Trace, 60));
            stopwatch.Restart();
            var boundaries = BoundaryTracer.Trace(labels, workWidth, workHeight);
            var smoothPasses = Math.Max(2, (int)Math.Round(preset.SmoothPasses * Math.Sqrt(workWidth * (double)workHeight) / Math.Sqrt(preset.WorkingLongSide * preset.WorkingLongSide * 0.75)));
            var strokes = BoundaryTracer.ToStrokes(boundaries, smoothPasses, layout.Scale, layout.OffsetX, layout.OffsetY, workWidth, workHeight);
            if (seg.Detail is not null)
            {
                // Interior detail lines are open by design (the boundaries keep the regions closed): their ends do not
                // count as open line ends.
                var chains = DetailLines.Extract(seg.Detail, labels, workWidth, workHeight, detailSettings,
                    layout.Scale, lineWidth, Math.Max(0, strokes.TotalLength - framePerimeter));
                if (chains.Count > 0)
                {
                    var detail = BoundaryTracer.ToStrokes(chains, Math.Max(2, smoothPasses / 3), layout.Scale, layout.OffsetX, layout.OffsetY, workWidth, workHeight);
                    strokes = new TracedStrokes([.. strokes.PathData, .. detail.PathData], strokes.TotalLength + detail.TotalLength, strokes.OpenEnds, detail.PathData.Count);
                }
            }

            Add(stageMs, GenerationStages.Trace, stopwatch);

            progress?.Report(new GenerationProgress(GenerationStages.Render, 75));
            stopwatch.Restart();
            var ink = RasterizeInk(strokes.PathData, lineWidth, layout.PageWidth, layout.PageHeight);
            // The files are written while the page is measured; they are used only if this try is the one kept.
            var files = WriteFilesAsync(strokes, ink, lineWidth, layout, cancellationToken);
            var measurement = PageInspector.Measure(ink, layout.PageWidth, layout.PageHeight, lineWidth, minRegionSide, strokes.TotalLength);
            var failures = bounds.Check(measurement, strokes.OpenEnds, lineWidth);
            var penalty = bounds.Penalty(measurement, strokes.OpenEnds) + failures.Count * 1e-3;
            Add(stageMs, GenerationStages.Render, stopwatch);

            if (best is null || penalty < best.Penalty)
            {
                best = new Candidate(strokes, files, measurement, failures, penalty);
            }

            if (failures.Count == 0)
            {
                break;
            }

            tuning = Adjust(tuning, measurement, bounds);
        }

        progress?.Report(new GenerationProgress(GenerationStages.Render, 85));
        stopwatch.Restart();
        var chosen = best!;
        var (png, svg, preview) = chosen.Files.GetAwaiter().GetResult();
        Add(stageMs, GenerationStages.Render, stopwatch);
        progress?.Report(new GenerationProgress(GenerationStages.Render, 100));

        var m = chosen.Measurement;
        var metrics = new PageMetrics
        {
            Generator = generator,
            Preset = options.Preset.Name(),
            InkCoverage = Math.Round(m.InkCoverage, 5),
            Specks = m.Specks,
            LargestBlobShare = Math.Round(m.LargestBlobShare, 5),
            SmallRegionShare = Math.Round(m.SmallRegionShare, 5),
            Regions = m.Regions,
            OpenEnds = chosen.Strokes.OpenEnds,
            LinePt = linePt,
            StrokeWidthPx = Math.Round(lineWidth, 2),
            MeasuredStrokeWidthPx = Math.Round(m.MeasuredStrokeWidth, 2),
            Strokes = chosen.Strokes.PathData.Count,
            DetailStrokes = chosen.Strokes.DetailStrokes,
            WorkingWidth = workWidth,
            WorkingHeight = workHeight,
            Attempts = attempts,
            Passed = chosen.Failures.Count == 0,
            Failures = chosen.Failures,
            StageMs = stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1)),
        };

        return new ColoringPage
        {
            Png = png,
            Svg = svg,
            PreviewPng = preview,
            Width = layout.PageWidth,
            Height = layout.PageHeight,
            Paper = layout.Paper,
            Orientation = layout.Orientation,
            Metrics = metrics,
            Drawing = new PageDrawing(chosen.Strokes.PathData, Math.Round(lineWidth, 2), layout.PageWidth, layout.PageHeight),
        };
    }

    private sealed record Candidate(TracedStrokes Strokes, Task<PageFiles> Files, PageMeasurement Measurement, List<string> Failures, double Penalty);

    private sealed record PageFiles(byte[] Png, string Svg, byte[] Preview);

    /// <summary>The page's PNG, its SVG and its 1024 px anti-aliased preview, written on two threads.</summary>
    private static Task<PageFiles> WriteFilesAsync(TracedStrokes strokes, byte[] ink, double lineWidth, PageLayout layout, CancellationToken cancellationToken)
    {
        var png = Task.Run(() => PngWriter.WriteBilevel(ink, layout.PageWidth, layout.PageHeight), cancellationToken);
        var rest = Task.Run(() =>
        {
            var svg = BuildSvg(strokes.PathData, lineWidth, layout);
            var previewScale = 1024.0 / Math.Max(layout.PageWidth, layout.PageHeight);
            int pw = (int)Math.Round(layout.PageWidth * previewScale), ph = (int)Math.Round(layout.PageHeight * previewScale);
            var coverage = Rasterize(strokes.PathData, 0, strokes.PathData.Count, lineWidth, pw, ph, previewScale, antialias: true);
            for (var i = 0; i < coverage.Length; i++)
            {
                coverage[i] = (byte)(255 - coverage[i]);
            }

            return (svg, PngWriter.WriteGray(coverage, pw, ph));
        }, cancellationToken);
        return Task.WhenAll(png, rest).ContinueWith(
            _ => new PageFiles(png.Result, rest.Result.svg, rest.Result.Item2),
            cancellationToken, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    internal static void Add(Dictionary<string, double> stageMs, string stage, Stopwatch sw) =>
        stageMs[stage] = stageMs.GetValueOrDefault(stage) + sw.Elapsed.TotalMilliseconds;

    /// <summary>Draws the strokes at page size without anti-aliasing; returns 0/1 ink per pixel. The strokes are shared
    /// between two rasters drawn side by side and then combined: without anti-aliasing every pixel is 0 or 255, so
    /// their union is exactly the page drawn in one go.</summary>
    internal static byte[] RasterizeInk(IReadOnlyList<string> paths, double lineWidth, int width, int height)
    {
        // Split where half of the path data (a fair proxy for drawing work) has gone to the first raster.
        long total = paths.Sum(p => (long)p.Length), sum = 0;
        var split = 0;
        while (split < paths.Count && sum * 2 < total)
        {
            sum += paths[split++].Length;
        }

        byte[] first = null!, second = null!;
        Parallel.Invoke(
            () => first = Rasterize(paths, 0, split, lineWidth, width, height, 1.0, antialias: false),
            () => second = Rasterize(paths, split, paths.Count, lineWidth, width, height, 1.0, antialias: false));
        UnionToBits(first, second);
        return first;
    }

    /// <summary>Draws paths [<paramref name="from"/>, <paramref name="to"/>) black on transparent; returns 0-255 coverage.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] Rasterize(IReadOnlyList<string> paths, int from, int to, double lineWidth, int width, int height, double scale, bool antialias)
    {
        var info = new SKImageInfo(width, height, SKColorType.Alpha8, SKAlphaType.Premul);
        var pixels = new byte[info.BytesSize];
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var surface = SKSurface.Create(info, handle.AddrOfPinnedObject(), info.RowBytes)
                ?? throw new InvalidOperationException("Could not create a drawing surface.");
            var canvas = surface.Canvas;
            canvas.Clear(SKColors.Transparent);
            canvas.Scale((float)scale);
            using var paint = new SKPaint
            {
                Color = SKColors.Black,
                IsAntialias = antialias,
                Style = SKPaintStyle.Stroke,
                StrokeWidth = (float)lineWidth,
                StrokeCap = SKStrokeCap.Round,
                StrokeJoin = SKStrokeJoin.Round,
            };
            for (var i = from; i < to; i++)
            {
                using var path = SKPath.ParseSvgPathData(paths[i]);
                if (path is not null)
                {
                    canvas.DrawPath(path, paint);
                }
            }

            canvas.Flush();
        }
        finally
        {
            handle.Free();
        }

        return pixels;
    }

    /// <summary>first = (first | second) >> 7: 255 in either → 1, else 0; a vector at a time, rows spread over the cores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnionToBits(byte[] first, byte[] second)
    {
        const int chunk = 1 << 16;
        Parallel.For(0, (first.Length + chunk - 1) / chunk, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (c) =>
        {
            var a = first.AsSpan(c * chunk, Math.Min(chunk, first.Length - c * chunk));
            var b = second.AsSpan(c * chunk, a.Length);
            var i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated)
            {
                var av = MemoryMarshal.Cast<byte, System.Numerics.Vector<byte>>(a);
                var bv = MemoryMarshal.Cast<byte, System.Numerics.Vector<byte>>(b);
                for (var v = 0; v < av.Length; v++)
                {
                    av[v] = System.Numerics.Vector.ShiftRightLogical(av[v] | bv[v], 7);
                }

                i = av.Length * System.Numerics.Vector<byte>.Count;
            }

            for (; i < a.Length; i++)
            {
                a[i] = (byte)((a[i] | b[i]) >> 7);
            }
        });
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
