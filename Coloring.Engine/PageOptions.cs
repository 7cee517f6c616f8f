namespace Coloring.Engine;

/// <summary>Who the page is for: sets line weight, smallest region and amount of detail.</summary>
public enum AgePreset
{
    /// <summary>Ages 3-5: lines about 6 pt, regions at least about 0.75 in, few regions.</summary>
    Toddler,
    /// <summary>Ages 6-8: lines about 3.5 pt, regions at least about 0.4 in.</summary>
    Kids,
    /// <summary>Ages 9+ and adults: lines 1-2 pt, fine detail.</summary>
    Detailed,
}

/// <summary>Paper the page is fitted to, at 300 DPI with a 10 mm margin.</summary>
public enum Paper
{
    A4,
    Letter,
}

/// <summary>Orientation of the page, chosen from the photo's shape.</summary>
public enum PageOrientation
{
    Portrait,
    Landscape,
}

/// <summary>What happens to the picture outside the subject.</summary>
public enum BackgroundMode
{
    /// <summary>The engine decides: the background is simplified when it finds a clear subject, kept otherwise.</summary>
    Auto,
    /// <summary>The background is drawn as the subject map weighs it, as before there was a choice.</summary>
    Keep,
    /// <summary>The background gets few, large shapes and no detail lines; the ink goes to the subject.</summary>
    Simplify,
    /// <summary>Nothing is drawn outside the subject box but the picture's frame.</summary>
    LeaveOut,
}

/// <summary>Where the subject is, as a box in 0-1 photo coordinates (the upright photo; 0,0 is its top left).
/// Its borders are dear, outside it is background, and the working resolution goes to it.</summary>
public sealed record SubjectBox
{
    /// <summary>The smallest side a box may have, as a share of the photo's side.</summary>
    public const double MinSide = 0.05;

    /// <summary>The whole photo: no subject is chosen, and the engine neither looks for one nor zooms (the engine's own
    /// subject map still weighs borders, as it did before subject boxes).</summary>
    public static SubjectBox Whole { get; } = new(0, 0, 1, 1);

    /// <summary>Makes a box; throws <see cref="ArgumentOutOfRangeException"/> naming the field for a coordinate that is not a
    /// number in 0-1, and <see cref="ArgumentException"/> naming it for an empty or inverted box (right must exceed left and
    /// bottom exceed top by at least <see cref="MinSide"/>).</summary>
    public SubjectBox(double left, double top, double right, double bottom)
    {
        (Left, Top, Right, Bottom) = PhotoBoxRule.Check(left, top, right, bottom, "The subject box", MinSide);
    }

    /// <summary>Left edge, 0-1 of the photo's width.</summary>
    public double Left { get; }

    /// <summary>Top edge, 0-1 of the photo's height.</summary>
    public double Top { get; }

    /// <summary>Right edge, 0-1 of the photo's width.</summary>
    public double Right { get; }

    /// <summary>Bottom edge, 0-1 of the photo's height.</summary>
    public double Bottom { get; }

    /// <summary>True for the whole photo (see <see cref="Whole"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWhole => Left <= 0 && Top <= 0 && Right >= 1 && Bottom >= 1;
}

/// <summary>The part of the photo the page is made from, as a box in 0-1 coordinates of the photo after its
/// <see cref="PageOptions.Turns"/> (0,0 is its top left). The same rules as <see cref="SubjectBox"/>: finite, 0-1, each side
/// at least <see cref="MinSide"/>.</summary>
public sealed record CropBox
{
    /// <summary>The smallest side a crop may have, as a share of the photo's side.</summary>
    public const double MinSide = 0.05;

    /// <summary>Makes a crop; throws <see cref="ArgumentOutOfRangeException"/> naming the field for a coordinate that is not a
    /// number in 0-1, and <see cref="ArgumentException"/> naming it for an empty or inverted box.</summary>
    public CropBox(double left, double top, double right, double bottom)
    {
        (Left, Top, Right, Bottom) = PhotoBoxRule.Check(left, top, right, bottom, "The crop", MinSide);
    }

    /// <summary>Left edge, 0-1 of the turned photo's width.</summary>
    public double Left { get; }

    /// <summary>Top edge, 0-1 of the turned photo's height.</summary>
    public double Top { get; }

    /// <summary>Right edge, 0-1 of the turned photo's width.</summary>
    public double Right { get; }

    /// <summary>Bottom edge, 0-1 of the turned photo's height.</summary>
    public double Bottom { get; }

    /// <summary>True when the crop keeps the whole photo (it then changes nothing).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsWhole => Left <= 0 && Top <= 0 && Right >= 1 && Bottom >= 1;
}

/// <summary>The one rule for a box on the photo (<see cref="SubjectBox"/>, <see cref="CropBox"/>): every edge a number in
/// 0-1, and right and bottom past left and top by at least the smallest side. Errors name the field.</summary>
internal static class PhotoBoxRule
{
    public static (double Left, double Top, double Right, double Bottom) Check(double left, double top, double right, double bottom, string what, double minSide)
    {
        left = Edge(left, "Left", what);
        top = Edge(top, "Top", what);
        right = Edge(right, "Right", what);
        bottom = Edge(bottom, "Bottom", what);
        if (right - left < minSide)
        {
            throw new ArgumentException($"{what} is empty or inverted: right ({right}) must exceed left ({left}) by at least {minSide}.", "Right");
        }

        if (bottom - top < minSide)
        {
            throw new ArgumentException($"{what} is empty or inverted: bottom ({bottom}) must exceed top ({top}) by at least {minSide}.", "Bottom");
        }

        return (left, top, right, bottom);
    }

    private static double Edge(double value, string name, string what) =>
        double.IsFinite(value) && value is >= 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{what}'s {name.ToLowerInvariant()} must be a number from 0 to 1.");
}

/// <summary>What the caller asks for.</summary>
/// <param name="Preset">Age preset.</param>
/// <param name="Paper">Paper size.</param>
/// <param name="LinePt">Optional line weight override in points (0.5-12).</param>
/// <param name="Subject">Where the subject is; null lets the engine find it (toddler and kids), <see cref="SubjectBox.Whole"/>
/// turns that off.</param>
/// <param name="Background">What happens outside the subject.</param>
/// <param name="Detail">Fewer (-2) to more (+2) shapes and detail lines within the preset; 0 is the preset's own.</param>
/// <param name="Turns">Clockwise quarter turns (0-3) of the upright photo, applied first.</param>
/// <param name="Crop">The part of the turned photo the page is made from; null keeps all of it. <see cref="Subject"/> is in
/// coordinates of the turned and cropped photo, and the page's orientation follows it.</param>
public sealed record PageOptions(
    AgePreset Preset = AgePreset.Kids,
    Paper Paper = Paper.A4,
    double? LinePt = null,
    SubjectBox? Subject = null,
    BackgroundMode Background = BackgroundMode.Auto,
    double Detail = 0,
    int Turns = 0,
    CropBox? Crop = null)
{
    /// <summary>The range of <see cref="Detail"/>.</summary>
    public const double MaxDetail = 2;

    /// <summary>The most <see cref="Turns"/> there can be (three quarter turns).</summary>
    public const int MaxTurns = 3;

    private readonly BackgroundMode background = CheckBackground(Background);
    private readonly double detail = CheckDetail(Detail);
    private readonly int turns = CheckTurns(Turns);

    /// <summary>0-3 clockwise quarter turns; anything else throws <see cref="ArgumentOutOfRangeException"/> naming it.</summary>
    public int Turns { get => turns; init => turns = CheckTurns(value); }

    /// <summary>What happens outside the subject; an undefined value throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public BackgroundMode Background { get => background; init => background = CheckBackground(value); }

    /// <summary>-2 to +2; anything else (or not a number) throws <see cref="ArgumentOutOfRangeException"/> naming it.</summary>
    public double Detail { get => detail; init => detail = CheckDetail(value); }

    /// <summary>The line weight drawn: the override held to 0.5-12 pt, or the preset's when there is none (or it is not
    /// a number, which the callers refuse before it gets here).</summary>
    internal double EffectiveLinePt => LinePt is { } pt && double.IsFinite(pt) ? Math.Clamp(pt, 0.5, 12) : PresetSettings.For(Preset).LinePt;

    private static BackgroundMode CheckBackground(BackgroundMode value) =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Background), value, "Background must be auto, keep, simplify or leave out.");

    private static int CheckTurns(int value) =>
        value is >= 0 and <= MaxTurns ? value : throw new ArgumentOutOfRangeException(nameof(Turns), value, $"Turns must be a whole number from 0 to {MaxTurns}.");

    private static double CheckDetail(double value) =>
        double.IsFinite(value) && Math.Abs(value) <= MaxDetail
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Detail), value, $"Detail must be a number from {-MaxDetail} to {MaxDetail}.");
}

/// <summary>Parsing of the option words used by the web app and the CLI.</summary>
public static class PageOptionNames
{
    /// <summary>The line weight, in points, that a preset draws with unless the caller overrides it.</summary>
    public static double DefaultLinePt(AgePreset preset) => PresetSettings.For(preset).LinePt;

    /// <summary>Parses "toddler", "kids" or "detailed" (case-insensitive).</summary>
    public static bool TryParsePreset(string? text, out AgePreset preset)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "toddler": preset = AgePreset.Toddler; return true;
            case "kids": preset = AgePreset.Kids; return true;
            case "detailed": preset = AgePreset.Detailed; return true;
            default: preset = AgePreset.Kids; return false;
        }
    }

    /// <summary>Parses "a4" or "letter" (case-insensitive).</summary>
    public static bool TryParsePaper(string? text, out Paper paper)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "a4": paper = Paper.A4; return true;
            case "letter": paper = Paper.Letter; return true;
            default: paper = Paper.A4; return false;
        }
    }

    /// <summary>Parses "auto", "keep", "simplify" or "leave-out" (case-insensitive; "leaveout" and "leave out" too).</summary>
    public static bool TryParseBackground(string? text, out BackgroundMode background)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "auto": background = BackgroundMode.Auto; return true;
            case "keep": background = BackgroundMode.Keep; return true;
            case "simplify": background = BackgroundMode.Simplify; return true;
            case "leave-out" or "leaveout" or "leave out": background = BackgroundMode.LeaveOut; return true;
            default: background = BackgroundMode.Auto; return false;
        }
    }

    /// <summary>The word for a background mode ("auto", "keep", "simplify", "leave-out").</summary>
    public static string Name(this BackgroundMode background) => background switch
    {
        BackgroundMode.Keep => "keep",
        BackgroundMode.Simplify => "simplify",
        BackgroundMode.LeaveOut => "leave-out",
        _ => "auto",
    };

    /// <summary>The lower-case word for a preset.</summary>
    public static string Name(this AgePreset preset) => preset switch
    {
        AgePreset.Toddler => "toddler",
        AgePreset.Kids => "kids",
        _ => "detailed",
    };
}

/// <summary>Stage names reported through <see cref="GenerationProgress"/>.</summary>
public static class GenerationStages
{
    public const string Decode = "decode";
    public const string Lines = "lines";
    public const string Regions = "regions";
    public const string Trace = "trace";
    public const string Render = "render";

    /// <summary>Adds the time on <paramref name="sw"/> to <paramref name="stage"/>'s total in <paramref name="stageMs"/>.</summary>
    public static void Add(Dictionary<string, double> stageMs, string stage, System.Diagnostics.Stopwatch sw)
    {
        ArgumentNullException.ThrowIfNull(stageMs);
        ArgumentNullException.ThrowIfNull(sw);
        stageMs[stage] = stageMs.GetValueOrDefault(stage) + sw.Elapsed.TotalMilliseconds;
    }
}

/// <summary>Progress of one page, by stage, for the live progress page.</summary>
public sealed record GenerationProgress(string Stage, int Percent);

/// <summary>Makes a coloring page from a photo.</summary>
public interface IPageGenerator
{
    /// <summary>"local" or "gemini".</summary>
    string Name { get; }

    /// <summary>Makes the page; throws <see cref="PhotoRejectedException"/> for a bad photo and
    /// <see cref="PageGenerationException"/> when the generator cannot produce a page.</summary>
    Task<ColoringPage> GenerateAsync(ReadOnlyMemory<byte> photo, PageOptions options, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>The generator could not make a page (provider refused, timed out, unavailable).</summary>
public sealed class PageGenerationException : Exception
{
    public PageGenerationException(string message, bool transient = false, Exception? inner = null)
        : base(message, inner) => Transient = transient;

    /// <summary>True when trying again later may succeed (rate limit, timeout, server error).</summary>
    public bool Transient { get; }
}
