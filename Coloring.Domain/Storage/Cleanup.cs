using Coloring.Domain.Accounts;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Storage;

/// <summary>The hourly tidy-up: expired files, orphaned files, used and expired sign-in links.</summary>
public sealed class Cleanup(AssetStore assets, SignInLinks links, ILogger<Cleanup> logger)
{
    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var (expired, orphans) = await assets.SweepAsync(cancellationToken);
        var tokens = await links.DeleteExpiredAsync(cancellationToken);
        var report = new CleanupReport(expired, orphans, tokens);
        logger.LogInformation("Cleanup deleted {Expired} expired files, {Orphans} orphaned files and {Tokens} old sign-in links", expired, orphans, tokens);
        return report;
    }
}
