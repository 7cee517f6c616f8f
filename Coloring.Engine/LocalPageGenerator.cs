using System.Diagnostics;

namespace Coloring.Engine;

/// <summary>The default generator: runs on the CPU with SkiaSharp, no cloud service.
/// Colour-segmentation boundaries (see docs/decisions/0002-line-method.md).</summary>
public sealed class LocalPageGenerator : IPageGenerator
{
    private readonly IPageTrace trace;

    public LocalPageGenerator()
        : this(PageTrace.None)
    {
    }

    /// <summary>A generator that shows <paramref name="trace"/> its intermediate pictures (for tuning the engine).</summary>
    internal LocalPageGenerator(IPageTrace trace) => this.trace = trace;

    public string Name => "local";

    public Task<ColoringPage> GenerateAsync(ReadOnlyMemory<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run(() => Generate(photo.Span, options, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Synchronous form used by the CLI and the jobs.</summary>
    public ColoringPage Generate(ReadOnlySpan<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Generate(photo, options, WorkingPhoto.Decode, writeFiles: true, progress, cancellationToken);

    /// <summary>Makes the page with its working images from <paramref name="images"/> (the studio's cache); without
    /// <paramref name="writeFiles"/> the page's PNG and preview are not written (see <see cref="StudioPreviews"/>).</summary>
    internal ColoringPage Generate(ReadOnlySpan<byte> photo, PageOptions options, WorkingImages images, bool writeFiles, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var stageMs = new Dictionary<string, double>();
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        progress?.Report(new GenerationProgress(GenerationStages.Decode, 0));
        var preset = PresetSettings.For(options.Preset);
        // A given subject gets more working pixels (the whole picture is decoded larger, so its box is).
        var given = SubjectFocus.Asked(options);
        var image = images(photo, (int)Math.Round(preset.WorkingLongSide * (given?.Zoom ?? 1)), options, out var info);
        GenerationStages.Add(stageMs, GenerationStages.Decode, sw);
        progress?.Report(new GenerationProgress(GenerationStages.Decode, 10));
        cancellationToken.ThrowIfCancellationRequested();

        sw.Restart();
        var lab = Segmenter.ToLab(image);
        Segmenter.NormalizeContrast(lab);
        var focus = given;
        if (given is null && SubjectFocus.Wanted(options))
        {
            // The subject is found on the photo as decoded; when it is small enough to gain from more pixels, the photo is
            // decoded again at the size that gives them.
            focus = SubjectFocus.Find(Saliency.Estimate(lab), image.Width, image.Height, options.Background);
            // Photos are never enlarged, and a twentieth more pixels is not worth a second decode.
            var zoomTo = Math.Min((int)Math.Round(preset.WorkingLongSide * (focus?.Zoom ?? 1)), Math.Max(info.Width, info.Height));
            if (zoomTo >= Math.Max(image.Width, image.Height) * 1.05)
            {
                image = images(photo, zoomTo, options, out _);
                lab = Segmenter.ToLab(image);
                Segmenter.NormalizeContrast(lab);
            }
        }

        // Detail lines come from the contrast-normalised luminance before the edge-preserving smoothing, which would
        // flatten small parts such as eyes; the difference of Gaussians does its own smoothing.
        var normalisedL = (float[])lab.L.Clone();
        EdgePreserving.Kuwahara(lab, preset.KuwaharaRadius, passes: 2);
        Segmenter.Blur(lab, preset.BlurSigma);
        // The subject map and the detail-line candidates do not depend on the regions: they are worked out on the other
        // core while this one runs the (sequential) graph segmentation of the first try.
        var detailSettings = DetailSettings.For(options.Preset).At(options.Detail);
        var scale = PageLayout.Fit(options.Paper, image.Width, image.Height).Scale;
        var minRegionPage = preset.MinRegionInches * PageLayout.Dpi;
        var minRegionWork = minRegionPage / scale;
        var subject = Task.Run(() =>
        {
            var saliency = Saliency.Estimate(lab);
            focus?.Weigh(saliency, image.Width, image.Height);
            var shape = SubjectShape.Find(lab, focus);
            shape?.Weigh(saliency);
            trace.Map("saliency", () => saliency, image.Width, image.Height);
            var response = DetailLines.Response(normalisedL, image.Width, image.Height, detailSettings.Sigma);
            focus?.MaskDetail(response, image.Width, image.Height);
            shape?.MaskDetail(response);
            trace.Map("detail", () => response.Select(v => v / 20f).ToArray(), image.Width, image.Height);
            // Eyes inside their rims: parts big enough for the regions stage to keep, up to the smallest region's side or
            // 4 % of the picture, whichever is larger (bigger parts are regions of their own already).
            var lineWidth = options.EffectiveLinePt * PageLayout.Dpi / 72;
            var (smallest, largest) = (ClosedParts.SmallestRadius(scale, lineWidth, minRegionPage * minRegionPage), Math.Max(minRegionWork, 0.04 * Math.Min(image.Width, image.Height)));
            var parts = ClosedParts.WithEyePairs(ClosedParts.Find(response, normalisedL, saliency, image.Width, image.Height, detailSettings.Low,
                smallest, largest, detailSettings.MaxClosedParts), normalisedL, image.Width, image.Height, smallest, largest, detailSettings.MaxClosedParts,
                focus is { Given: true } ? focus.Pixels(image.Width, image.Height) : null);
            trace.Map("parts", () => ClosedParts.Map(parts, image.Width, image.Height), image.Width, image.Height);
            return (saliency, DetailLines.Candidates(response, saliency, image.Width, image.Height, detailSettings), parts, focus, shape);
        }, cancellationToken);

        var page = PagePipeline.Run(Name, image.Width, image.Height, options, (tuning, p) =>
        {
            var minSize = Math.Max(8, (int)(minRegionWork * minRegionWork * 0.1 / tuning.Detail));
            var labels = Segmenter.GraphSegment(lab, p.SegmentScale / tuning.Detail, minSize, out var count);
            var (saliency, detail, parts, focus, shape) = subject.GetAwaiter().GetResult();
            if (focus is not null)
            {
                count = focus.LeaveOut(labels, count, image.Width, image.Height);
                count = shape?.Cut(labels, count, focus.Background == BackgroundMode.LeaveOut) ?? count;
            }

            count = ClosedParts.Carve(labels, count, image.Width, image.Height, parts, out var isPart);
            return new Segmentation(labels, count, lab, saliency, detail, isPart);
        }, stageMs, trace, progress, cancellationToken, writeFiles);
        stageMs["total"] = total.Elapsed.TotalMilliseconds;
        var metrics = page.Metrics with { StageMs = stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1)) };
        return WithMetrics(page, focus is null ? metrics
            : metrics with { Subject = focus.Box, SubjectFound = !focus.Given, Background = focus.Background.Name() });
    }

    internal static ColoringPage WithTotal(ColoringPage page, Dictionary<string, double> stageMs) =>
        WithMetrics(page, page.Metrics with { StageMs = stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1)) });

    private static ColoringPage WithMetrics(ColoringPage page, PageMetrics metrics) => new()
    {
        Png = page.Png,
        Svg = page.Svg,
        PreviewPng = page.PreviewPng,
        Width = page.Width,
        Height = page.Height,
        Paper = page.Paper,
        Orientation = page.Orientation,
        Drawing = page.Drawing,
        Metrics = metrics,
    };
}
