using Coloring.Domain.Data;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Accounts;

/// <summary>A user's own choices about their account.</summary>
public sealed class AccountSettings(IDbContextFactory<ColoringDbContext> dbFactory)
{
    public async Task<bool> GetDeletePhotosAfterSuccessAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.DeletePhotosAfterSuccess).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Turns "delete my photos as soon as the page is made" on or off.</summary>
    public async Task SetDeletePhotosAfterSuccessAsync(Guid userId, bool enabled, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletePhotosAfterSuccess, enabled), cancellationToken);
    }

    /// <summary>The paper the person prints on, or null when they have not said.</summary>
    public async Task<Paper?> GetPaperAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.PreferredPaper).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Remembers the paper the person prints on; null goes back to asking each time. An unknown value is refused.</summary>
    public async Task SetPaperAsync(Guid userId, Paper? paper, CancellationToken cancellationToken = default)
    {
        if (paper is { } chosen && !Enum.IsDefined(chosen))
        {
            throw new ArgumentOutOfRangeException(nameof(paper), paper, "Unknown paper.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PreferredPaper, paper), cancellationToken);
    }
}
