using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Support;

/// <summary>
/// Spends credits the way starting a page does (<see cref="CreditLedger.ChargeForPageAsync"/> in its own transaction,
/// then the balance announced), for tests about credits that do not need a job to exist.
/// </summary>
public static class PageCharges
{
    public static async Task<LedgerResult> ChargeForPageAsync(this IServiceProvider services, Guid userId, Guid? jobId = null)
    {
        var ledger = services.GetRequiredService<CreditLedger>();
        LedgerResult result;
        await using (var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            result = await ledger.ChargeForPageAsync(db, userId, jobId ?? Guid.NewGuid());
            await transaction.CommitAsync();
        }

        await ledger.PublishBalanceAsync(userId);
        return result;
    }
}
