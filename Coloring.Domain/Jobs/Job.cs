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

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Canceled;

    public PageOptions Options => new(Preset, Paper, LinePt);
}
