using Coloring.Domain.Data;
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
}
