using Coloring.Domain.Accounts;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Storage;

/// <summary>A finished cleanup pass on this instance: when it ended and what it deleted.</summary>
public sealed record CleanupRun(DateTimeOffset FinishedAt, CleanupReport Report);

/// <summary>The hourly tidy-up: expired files, orphaned files, used and expired sign-in links.</summary>
public sealed class Cleanup(AssetStore assets, SignInLinks links, TimeProvider clock, ILogger<Cleanup> logger)
{
    private volatile CleanupRun? _lastRun;

    /// <summary>The last pass this instance finished since it started, or null (kept in memory only).</summary>
    public CleanupRun? LastRun => _lastRun;

    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var (expired, orphans) = await assets.SweepAsync(cancellationToken);
        var tokens = await links.DeleteExpiredAsync(cancellationToken);
        var report = new CleanupReport(expired, orphans, tokens);
        _lastRun = new CleanupRun(clock.GetUtcNow(), report);
        logger.LogInformation("Cleanup deleted {Expired} expired files, {Orphans} orphaned files and {Tokens} old sign-in links", expired, orphans, tokens);
        return report;
    }
}
