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

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    public PageOptions Options => new(Preset, Paper, LinePt);
}
