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
        return Task.Run(() => Generate(photo, options, StageMemo.None, writeFiles: true, progress, cancellationToken), cancellationToken);
    }

    /// <summary>Synchronous form used by the CLI and the jobs.</summary>
    public ColoringPage Generate(ReadOnlySpan<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Generate(photo.ToArray(), options, StageMemo.None, writeFiles: true, progress, cancellationToken);

    /// <summary>Makes the page, keeping what its stages make in <paramref name="memo"/> and starting from what it already
    /// holds (the studio's cache; the jobs keep nothing); without <paramref name="writeFiles"/> the page's PNG and preview
    /// are not written (see <see cref="StudioPreviews"/>). The stages: decode and prepare (<see cref="PageStages"/>), then
    /// the subject's weighing, closed parts and detail candidates beside the lines (the graph segmentation), then the
    /// regions, trace, render and quality gate (<see cref="PagePipeline"/>).</summary>
    internal ColoringPage Generate(ReadOnlyMemory<byte> photo, PageOptions options, StageMemo memo, bool writeFiles, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var stageMs = new Dictionary<string, double>();
        var total = Stopwatch.StartNew();
        progress?.Report(new GenerationProgress(GenerationStages.Decode, 0));
        var preset = PresetSettings.For(options.Preset);
        var stages = new PageStages(photo, options, memo, stageMs);
        var (key, picture, focus) = stages.Run();
        progress?.Report(new GenerationProgress(GenerationStages.Decode, 10));
        cancellationToken.ThrowIfCancellationRequested();

        int w = picture.Width, h = picture.Height;
        var lab = picture.Smoothed;
        var normalisedL = picture.NormalisedL;
        // The subject map and the detail-line candidates do not depend on the regions: they are worked out on the other
        // core while this one runs the (sequential) graph segmentation of the first try. The prepared picture may be
        // shared with other pages: the subject's weighing and masking make copies.
        var detailSettings = DetailSettings.For(options.Preset).At(options.Detail);
        var scale = PageLayout.Fit(options.Paper, w, h).Scale;
        var minRegionPage = preset.MinRegionInches * PageLayout.Dpi;
        var minRegionWork = minRegionPage / scale;
        var subject = Task.Run(() =>
        {
            var saliency = focus?.Weighed(picture.Saliency, w, h) ?? picture.Saliency;
            // Only a drawn box has a shape, and then saliency and response are the focus's own copies, so they may change.
            var shape = SubjectShape.Find(lab, focus);
            shape?.Weigh(saliency);
            trace.Map("saliency", () => saliency, w, h);
            var response = focus?.Masked(picture.Response, w, h) ?? picture.Response;
            shape?.MaskDetail(response);
            trace.Map("detail", () => response.Select(v => v / 20f).ToArray(), w, h);
            // Eyes inside their rims: parts big enough for the regions stage to keep, up to the smallest region's side or
            // 4 % of the picture, whichever is larger (bigger parts are regions of their own already).
            var lineWidth = options.EffectiveLinePt * PageLayout.Dpi / 72;
            var (smallest, largest) = (ClosedParts.SmallestRadius(scale, lineWidth, minRegionPage * minRegionPage), Math.Max(minRegionWork, 0.04 * Math.Min(w, h)));
            var parts = ClosedParts.WithEyePairs(ClosedParts.Find(response, normalisedL, saliency, w, h, detailSettings.Low,
                smallest, largest, detailSettings.MaxClosedParts), normalisedL, w, h, smallest, largest, detailSettings.MaxClosedParts,
                focus is { Given: true } ? focus.Pixels(w, h) : null);
            trace.Map("parts", () => ClosedParts.Map(parts, w, h), w, h);
            return (saliency, DetailLines.Candidates(response, saliency, w, h, detailSettings), parts, shape);
        }, cancellationToken);

        var page = PagePipeline.Run(Name, w, h, options, (tuning, _) =>
        {
            var (labels, count) = stages.Segment(key, picture, tuning, minRegionWork);
            var (saliency, detail, parts, shape) = subject.GetAwaiter().GetResult();
            if (focus is not null)
            {
                count = focus.LeaveOut(labels, count, w, h);
                count = shape?.Cut(labels, count, focus.Background == BackgroundMode.LeaveOut) ?? count;
            }

            count = ClosedParts.Carve(labels, count, w, h, parts, out var isPart);
            return new Segmentation(labels, count, lab, saliency, detail, isPart);
        }, stageMs, trace, progress, cancellationToken, writeFiles);
        stageMs["total"] = total.Elapsed.TotalMilliseconds;
        var metrics = page.Metrics with { StageMs = stageMs.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 1)) };
        return WithMetrics(page, focus is null ? metrics
            : metrics with { Subject = focus.Box, SubjectFound = !focus.Given, Background = focus.Background.Name() });
    }

    /// <summary>Makes and keeps in <paramref name="memo"/> what a page of <paramref name="options"/> starts from: its
    /// prepared picture and the graph segmentation of its first try; nothing else is made. The studio does this ahead,
    /// on a core no preview needs, for the options a person is likely to choose next (see <see cref="StudioPreviews"/>).</summary>
    internal static void Prepare(ReadOnlyMemory<byte> photo, PageOptions options, StageMemo memo, CancellationToken cancellationToken)
    {
        var stages = new PageStages(photo, options, memo, []);
        var (key, picture, _) = stages.Run();
        cancellationToken.ThrowIfCancellationRequested();
        var minRegionWork = PresetSettings.For(options.Preset).MinRegionInches * PageLayout.Dpi / PageLayout.Fit(options.Paper, picture.Width, picture.Height).Scale;
        stages.Segment(key, picture, PagePipeline.FirstTuning(options), minRegionWork);
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
