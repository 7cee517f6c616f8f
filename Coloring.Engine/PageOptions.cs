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

/// <summary>What the caller asks for.</summary>
/// <param name="Preset">Age preset.</param>
/// <param name="Paper">Paper size.</param>
/// <param name="LinePt">Optional line weight override in points (0.5-12).</param>
public sealed record PageOptions(AgePreset Preset = AgePreset.Kids, Paper Paper = Paper.A4, double? LinePt = null)
{
    /// <summary>The line weight drawn: the override held to 0.5-12 pt, or the preset's when there is none (or it is not
    /// a number, which the callers refuse before it gets here).</summary>
    internal double EffectiveLinePt => LinePt is { } pt && double.IsFinite(pt) ? Math.Clamp(pt, 0.5, 12) : PresetSettings.For(Preset).LinePt;
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
