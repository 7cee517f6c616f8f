using System.Diagnostics;

namespace Coloring.Engine;

/// <summary>Where a page's stages keep what they made for the next page of the same photo: nowhere for the jobs and the
/// CLI (<see cref="None"/>); the studio's shared cache for previews, under the photo's key (ADR 0013).</summary>
internal sealed class StageMemo
{
    private readonly StudioCache? cache;
    private readonly string photo;

    /// <summary>Keeps what the stages of the photo named <paramref name="photo"/> make in <paramref name="cache"/>.</summary>
    public StageMemo(StudioCache? cache, string photo) => (this.cache, this.photo) = (cache, photo);

    /// <summary>Keeps nothing: every stage is worked out (the jobs and the CLI).</summary>
    public static StageMemo None { get; } = new(null, "");

    /// <summary>True when what <see cref="Get{T}"/> returns may be shared with other pages (and must not be changed).</summary>
    public bool Shares => cache is { CapacityBytes: > 0 };

    /// <summary>The value of the stage <paramref name="stage"/> names, made by <paramref name="make"/> unless it is kept.</summary>
    public T Get<T>(object stage, Func<T> make, Func<T, long> weigh) where T : class =>
        cache is null ? make() : cache.GetOrAdd(new Key(photo, stage), make, weigh);

    private sealed record Key(string Photo, object Stage);
}

/// <summary>One working image: the photo turned, cropped and decoded at most <paramref name="LongSide"/> px on its long side.</summary>
internal sealed record WorkingKey(int Turns, CropBox? Crop, int LongSide);

/// <summary>The prepared picture of one working image for one preset's smoothing and detail-line scale.</summary>
internal sealed record PreparedKey(WorkingKey Image, int KuwaharaRadius, double BlurSigma, double DetailSigma);

/// <summary>The subject the engine found on one working image (the box is null when none is clear), with the sizes that
/// decide whether it is worth decoding again larger.</summary>
internal sealed record FoundSubject(SubjectBox? Box, int ImageLongSide, int PhotoLongSide)
{
    public sealed record Key(WorkingKey Image);
}

/// <summary>The graph segmentation of one prepared picture at one scale and smallest segment. Never changed once made:
/// a page works on a copy of its labels.</summary>
internal sealed record Segments(int[] Labels, int Count)
{
    public sealed record Key(PreparedKey Picture, double Scale, int MinSize);
}

/// <summary>
/// What every page of one working image shares whatever its detail, background, line weight and subject: the
/// contrast-normalised luminance (detail lines and closed parts are found on it), the smoothed colours (the segmentation
/// and the merging work on them), the unweighted subject map of the smoothed colours and the detail-line response. Made
/// once by <see cref="Make"/>, then only read: the studio shares one between concurrent previews, so the subject's
/// weighing and masking work on copies (<see cref="SubjectFocus.Weighed"/>, <see cref="SubjectFocus.Masked"/>).
/// </summary>
internal sealed class PreparedPicture
{
    private PreparedPicture(int width, int height, float[] normalisedL, LabImage smoothed, float[] saliency, float[] response) =>
        (Width, Height, NormalisedL, Smoothed, Saliency, Response) = (width, height, normalisedL, smoothed, saliency, response);

    public int Width { get; }

    public int Height { get; }

    /// <summary>Contrast-normalised luminance before the smoothing, which would flatten small parts such as eyes.</summary>
    public float[] NormalisedL { get; }

    /// <summary>The colours after the edge-preserving smoothing and the blur.</summary>
    public LabImage Smoothed { get; }

    /// <summary>The subject map of <see cref="Smoothed"/>, before any subject box weighs it.</summary>
    public float[] Saliency { get; }

    /// <summary>The detail-line response of <see cref="NormalisedL"/> at the preset's scale, before any masking.</summary>
    public float[] Response { get; }

    /// <summary>What it weighs in memory: six planes of floats.</summary>
    public long Bytes => 6L * sizeof(float) * Width * Height;

    /// <summary>The photo's colours in Lab with their contrast normalised: the start of <see cref="Make"/>, and where the
    /// engine looks for the subject.</summary>
    public static LabImage Normalised(RgbaImage image)
    {
        var lab = Segmenter.ToLab(image);
        Segmenter.NormalizeContrast(lab);
        return lab;
    }

    /// <summary>Prepares the picture from its <paramref name="normalised"/> colours, which it smooths in place (they become
    /// <see cref="Smoothed"/>).</summary>
    public static PreparedPicture Make(LabImage normalised, PresetSettings preset, double detailSigma)
    {
        int w = normalised.Width, h = normalised.Height;
        var normalisedL = (float[])normalised.L.Clone();
        EdgePreserving.Kuwahara(normalised, preset.KuwaharaRadius, passes: 2);
        Segmenter.Blur(normalised, preset.BlurSigma);
        float[] saliency = [], response = [];
        Parallel.Invoke(
            () => saliency = Coloring.Engine.Saliency.Estimate(normalised),
            () => response = DetailLines.Response(normalisedL, w, h, detailSigma));
        return new PreparedPicture(w, h, normalisedL, normalised, saliency, response);
    }
}

/// <summary>
/// The stages of a page before its lines, shared by the jobs and the studio so that both make the same page: "decode"
/// (the working image: turned, cropped, at the preset's working size, larger for a subject that gains from it) and
/// "prepare" (Lab, contrast, finding the subject, smoothing, the subject map and the detail response). What they make is
/// kept in <paramref name="memo"/>: a studio preview whose change touches none of it starts at the lines.
/// </summary>
internal sealed class PageStages(ReadOnlyMemory<byte> photo, PageOptions options, StageMemo memo, Dictionary<string, double> stageMs)
{
    /// <summary>The stage name of everything between decoding and the lines in <see cref="PageMetrics.StageMs"/>.</summary>
    public const string Prepare = "prepare";

    private readonly PresetSettings preset = PresetSettings.For(options.Preset);
    private (WorkingKey Image, LabImage Lab)? normalised; // finding the subject hands its work to preparing the same image

    /// <summary>The prepared picture the options' page is made from, its key, and the subject (given, found or none).</summary>
    public (PreparedKey Key, PreparedPicture Picture, SubjectFocus? Focus) Run()
    {
        // A given subject gets more working pixels (the whole picture is decoded larger, so its box is).
        var given = SubjectFocus.Asked(options);
        var focus = given;
        var image = Image((int)Math.Round(preset.WorkingLongSide * (given?.Zoom ?? 1)));
        if (given is null && SubjectFocus.Wanted(options))
        {
            // The subject is found on the photo as decoded; when it is small enough to gain from more pixels, the photo is
            // decoded again at the size that gives them.
            var found = Found(image);
            focus = found.Box is { } box ? SubjectFocus.FoundAt(box, options.Background) : null;
            // Photos are never enlarged, and a twentieth more pixels is not worth a second decode.
            var zoomTo = Math.Min((int)Math.Round(preset.WorkingLongSide * (focus?.Zoom ?? 1)), found.PhotoLongSide);
            if (zoomTo >= found.ImageLongSide * 1.05)
            {
                image = Image(zoomTo);
            }
        }

        var key = new PreparedKey(image, preset.KuwaharaRadius, preset.BlurSigma, DetailSettings.For(options.Preset).At(options.Detail).Sigma);
        var picture = memo.Get(key, () =>
        {
            var lab = normalised is { } handed && handed.Image == key.Image ? handed.Lab : Normalise(Decode(key.Image).Image);
            normalised = null;
            return Timed(Prepare, () => PreparedPicture.Make(lab, preset, key.DetailSigma));
        }, p => p.Bytes);
        normalised = null;
        return (key, picture, focus);
    }

    /// <summary>The graph segmentation of <paramref name="picture"/> for one try (the "lines" stage's first step), with
    /// segments no smaller than a tenth of the smallest region (<paramref name="minRegionWork"/>, working pixels) at the
    /// try's detail; the labels are the caller's to change.</summary>
    public (int[] Labels, int Count) Segment(PreparedKey key, PreparedPicture picture, AttemptTuning tuning, double minRegionWork)
    {
        var scale = preset.SegmentScale / tuning.Detail;
        var minSize = Math.Max(8, (int)(minRegionWork * minRegionWork * 0.1 / tuning.Detail));
        var segments = memo.Get(new Segments.Key(key, scale, minSize), () =>
        {
            var labels = Segmenter.GraphSegment(picture.Smoothed, scale, minSize, out var count);
            return new Segments(labels, count);
        }, s => (long)sizeof(int) * s.Labels.Length);
        return (memo.Shares ? (int[])segments.Labels.Clone() : segments.Labels, segments.Count);
    }

    private WorkingKey Image(int longSide) => new(options.Turns, options.Crop is { IsWhole: false } crop ? crop : null, longSide);

    private FoundSubject Found(WorkingKey image) => memo.Get(new FoundSubject.Key(image), () =>
    {
        var working = Decode(image);
        var lab = Normalise(working.Image);
        normalised = (image, lab);
        return Timed(Prepare, () => new FoundSubject(SubjectFocus.FindBox(Saliency.Estimate(lab), lab.Width, lab.Height),
            Math.Max(working.Image.Width, working.Image.Height), Math.Max(working.Info.Width, working.Info.Height)));
    }, _ => 64);

    // The working image itself is not kept: what is made from it is (a kept prepared picture never needs it again).
    private (RgbaImage Image, PhotoInfo Info) Decode(WorkingKey key) => Timed(GenerationStages.Decode, () =>
        (PhotoReader.DecodeForWork(photo.Span, key.LongSide, key.Turns, key.Crop, out var info), info));

    private LabImage Normalise(RgbaImage image) => Timed(Prepare, () => PreparedPicture.Normalised(image));

    private T Timed<T>(string stage, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        var result = work();
        GenerationStages.Add(stageMs, stage, sw);
        return result;
    }
}
