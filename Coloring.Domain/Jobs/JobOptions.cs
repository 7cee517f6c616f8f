namespace Coloring.Domain.Jobs;

/// <summary>Settings under <c>Generation</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Generation";

    /// <summary>Pages made at once on this instance.</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>Runs per job before it fails for good (the first plus retries).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often a running job proves it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A running job whose heartbeat is older than this is taken to be lost.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the recovery sweep runs.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Pause before a transient failure is retried.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
