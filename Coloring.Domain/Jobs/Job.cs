using Coloring.Engine;

namespace Coloring.Domain.Jobs;

public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

/// <summary>
/// One coloring page being made. The jobs table is the source of truth; Quartz only executes.
/// </summary>
public class Job
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public JobStatus Status { get; set; }

    public AgePreset Preset { get; set; }

    public Paper Paper { get; set; }

    /// <summary>Line-weight override in points, when the user chose one.</summary>
    public double? LinePt { get; set; }

    /// <summary>The generator that makes the page ("local", "gemini").</summary>
    public string Generator { get; set; } = "local";

    /// <summary>The photo; null once it was deleted (expiry or the user's setting).</summary>
    public Guid? OriginalAssetId { get; set; }

    public Guid? PageAssetId { get; set; }

    public Guid? SvgAssetId { get; set; }

    public Guid? PreviewAssetId { get; set; }

    /// <summary>The page's version: 0 as made, one more for every touch-up saved or undone. Saves check it, so two at once cannot both win.</summary>
    public int PageVersion { get; set; }

    /// <summary>The PNG as the engine made it, kept while a touched-up version is current (null otherwise).</summary>
    public Guid? UneditedPageAssetId { get; set; }

    /// <summary>The SVG as the engine made it, kept while a touched-up version is current.</summary>
    public Guid? UneditedSvgAssetId { get; set; }

    /// <summary>The preview as the engine made it, kept while a touched-up version is current.</summary>
    public Guid? UneditedPreviewAssetId { get; set; }

    /// <summary>True when the current files are a touch-up and the page as made can be restored.</summary>
    public bool IsTouchedUp => UneditedSvgAssetId is not null;

    /// <summary>Runs started so far (a retry or a recovery after a crash adds one).</summary>
    public int Attempts { get; set; }

    /// <summary>0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>The stage being worked on: decode, lines, regions, trace, render.</summary>
    public string? Stage { get; set; }

    /// <summary>Why the job failed, in words a person understands.</summary>
    public string? Error { get; set; }

    /// <summary>The quality gate's <see cref="PageMetrics"/> as JSON.</summary>
    public string? MetricsJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Written every few seconds while running; a stale heartbeat means the worker died.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>The name the person gave the page (at most <see cref="PageNames.MaxLength"/> characters); null shows <see cref="PageNames.Default"/>.</summary>
    public string? Name { get; set; }

    /// <summary>The person starred the page; the gallery can show favourites only.</summary>
    public bool IsFavourite { get; set; }

    /// <summary>When the person kept the page past its expiry; a page is kept once.</summary>
    public DateTimeOffset? KeptAt { get; set; }

    /// <summary>The subject box the person drew (0-1 of the turned and cropped photo); null when they drew none.
    /// The four sides are stored together or not at all.</summary>
    public double? SubjectLeft { get; set; }

    public double? SubjectTop { get; set; }

    public double? SubjectRight { get; set; }

    public double? SubjectBottom { get; set; }

    /// <summary>What happens outside the subject.</summary>
    public BackgroundMode Background { get; set; }

    /// <summary>Fewer (-2) to more (+2) shapes within the preset.</summary>
    public double Detail { get; set; }

    /// <summary>The crop (0-1 of the turned photo); null when the whole photo is used. Stored together or not at all.</summary>
    public double? CropLeft { get; set; }

    public double? CropTop { get; set; }

    public double? CropRight { get; set; }

    public double? CropBottom { get; set; }

    /// <summary>Clockwise quarter turns of the photo, 0-3.</summary>
    public int Turns { get; set; }

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    /// <summary>All the options the page was asked with, so that "Make another version" reopens them.</summary>
    public PageOptions Options => new(Preset, Paper, LinePt,
        SubjectLeft is { } sl && SubjectTop is { } st && SubjectRight is { } sr && SubjectBottom is { } sb ? new SubjectBox(sl, st, sr, sb) : null,
        Background, Detail, Turns,
        CropLeft is { } cl && CropTop is { } ct && CropRight is { } cr && CropBottom is { } cb ? new CropBox(cl, ct, cr, cb) : null);

    /// <summary>Stores all of <paramref name="options"/> on the job (see <see cref="Options"/>).</summary>
    public void Keep(PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Preset = options.Preset;
        Paper = options.Paper;
        LinePt = options.LinePt;
        (SubjectLeft, SubjectTop, SubjectRight, SubjectBottom) = options.Subject is { } s ? (s.Left, s.Top, s.Right, s.Bottom) : ((double?, double?, double?, double?))default;
        Background = options.Background;
        Detail = options.Detail;
        (CropLeft, CropTop, CropRight, CropBottom) = options.Crop is { } c ? (c.Left, c.Top, c.Right, c.Bottom) : ((double?, double?, double?, double?))default;
        Turns = options.Turns;
    }
}
