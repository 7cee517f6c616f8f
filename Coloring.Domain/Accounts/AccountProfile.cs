using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Accounts;

/// <summary>What a person has done with their account.</summary>
/// <param name="Jobs">Pages asked for and still kept (deleting a page removes it from here).</param>
/// <param name="Succeeded">Of those, pages that were made.</param>
/// <param name="Failed">Of those, pages that could not be made (their credit came back).</param>
/// <param name="SuccessRate">Succeeded out of succeeded plus failed, 0 to 1; null before any page finished.</param>
/// <param name="CreditsSpent">Credits paid for pages, less the ones given back; kept even when pages are deleted.</param>
public sealed record AccountStatistics(int Jobs, int Succeeded, int Failed, double? SuccessRate, int CreditsSpent);

/// <summary>A person's own view of their account.</summary>
public sealed record ProfileView(
    Guid UserId,
    string Email,
    string DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    int Balance,
    bool DeletePhotosAfterSuccess,
    AccountStatistics Statistics);

/// <summary>The profile: who the person is, their balance and statistics, and the name they go by.</summary>
public sealed class AccountProfile(IDbContextFactory<ColoringDbContext> dbFactory)
{
    /// <summary>The longest display name (the column's size).</summary>
    public const int MaxDisplayNameLength = 80;

    /// <summary>The profile, or null when there is no such account.</summary>
    public async Task<ProfileView?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Email, u.DisplayName, u.CreatedAt, u.LastSignInAt, u.DeletePhotosAfterSuccess })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var balance = await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => a.Balance).FirstOrDefaultAsync(cancellationToken);
        var byStatus = await db.Jobs.Where(j => j.UserId == userId).GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var spent = -await db.CreditEvents
            .Where(e => e.UserId == userId && (e.Reason == CreditReason.JobDebit || e.Reason == CreditReason.JobRefund))
            .SumAsync(e => e.Delta, cancellationToken);

        var succeeded = byStatus.Where(s => s.Status == JobStatus.Succeeded).Sum(s => s.Count);
        var failed = byStatus.Where(s => s.Status == JobStatus.Failed).Sum(s => s.Count);
        double? rate = succeeded + failed == 0 ? null : (double)succeeded / (succeeded + failed);
        return new ProfileView(userId, user.Email ?? "", user.DisplayName, user.CreatedAt, user.LastSignInAt, balance, user.DeletePhotosAfterSuccess,
            new AccountStatistics(byStatus.Sum(s => s.Count), succeeded, failed, rate, spent));
    }

    /// <summary>Why <paramref name="displayName"/> cannot be used, or null when it can.</summary>
    public static string? CheckDisplayName(string? displayName)
    {
        var trimmed = displayName?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Enter the name you'd like to be called.";
        }

        if (trimmed.Length > MaxDisplayNameLength)
        {
            return $"The name can be at most {MaxDisplayNameLength} characters.";
        }

        // Text-direction overrides would let a name rearrange the text around it wherever it is shown.
        return trimmed.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            ? "The name cannot contain control characters."
            : null;
    }

    /// <summary>Changes the display name; returns the problem with it, or null when it was saved.</summary>
    public async Task<string?> RenameAsync(Guid userId, string? displayName, CancellationToken cancellationToken = default)
    {
        if (CheckDisplayName(displayName) is { } problem)
        {
            return problem;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var updated = await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, displayName!.Trim()), cancellationToken);
        return updated == 1 ? null : throw new InvalidOperationException("No such user.");
    }
}
