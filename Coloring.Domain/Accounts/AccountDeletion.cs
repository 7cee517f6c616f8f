using Coloring.Domain.Data;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Accounts;

/// <summary>What deleting an account removed.</summary>
public sealed record AccountDeletionReport(int Jobs, int Files, int Tokens);

/// <summary>
/// "Delete my account": every photo, page, job and token of the person goes, and the account with them.
/// Ledger events stay for the books, detached from the person.
/// </summary>
/// <remarks>
/// The rows go first, in one transaction, then the files. A crash before the commit leaves everything as it
/// was; a crash after it leaves only files without rows, which the hourly cleanup deletes as orphans. No row
/// ever points at a missing file.
/// </remarks>
public sealed class AccountDeletion(IDbContextFactory<ColoringDbContext> dbFactory, IBlobStore blobs, ILogger<AccountDeletion> logger)
{
    /// <summary>Deletes the account and everything in it; null when there was no such account.</summary>
    public async Task<AccountDeletionReport?> DeleteAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        List<(Bucket Bucket, string Key)> files;
        int jobs, tokens;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(cancellationToken);
            if (email is null && !await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            {
                return null;
            }

            // Read inside the transaction: a page finishing right now either commits its files first (and they
            // are listed here) or fails to insert them once the account is gone (and deletes them itself).
            files = (await db.Assets.Where(a => a.OwnerId == userId).Select(a => new { a.Bucket, a.Key }).ToListAsync(cancellationToken))
                .Select(a => (a.Bucket, a.Key)).ToList();
            tokens = await db.ApiTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            jobs = await db.Jobs.Where(j => j.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Assets.Where(a => a.OwnerId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.CreditEvents.Where(e => e.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(e => e.UserId, (Guid?)null), cancellationToken);
            await db.CreditAccounts.Where(a => a.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            if (email is not null)
            {
                await db.MagicLinkTokens.Where(t => t.NormalizedEmail == email).ExecuteDeleteAsync(cancellationToken);
            }

            await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
            await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Account {UserId} deleted with {Jobs} jobs, {Files} files and {Tokens} API tokens", userId, jobs, files.Count, tokens);
        foreach (var (bucket, key) in files)
        {
            try
            {
                await blobs.DeleteAsync(bucket, key, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Without its row the file is an orphan now; the hourly cleanup deletes it.
                logger.LogWarning(ex, "File {Key} of a deleted account is left for the cleanup", key);
            }
        }

        return new AccountDeletionReport(jobs, files.Count, tokens);
    }
}
