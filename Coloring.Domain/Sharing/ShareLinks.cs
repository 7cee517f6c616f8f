using System.Security.Cryptography;
using System.Text;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Sharing;

public enum ShareOutcome
{
    Created,

    /// <summary>No such page, or someone else's.</summary>
    NotFound,

    /// <summary>The page is not finished, or its files are gone: there is nothing to show.</summary>
    NothingToShow,

    /// <summary>The expiry asked for is not one we offer.</summary>
    Invalid,
}

/// <summary>A new link: <see cref="Secret"/> is the last part of its address and is never stored, so it is shown once.</summary>
public sealed record ShareResult(ShareOutcome Outcome, ShareLink? Link = null, string? Secret = null, string? Message = null);

/// <summary>What a share link opens: the page (its owner's job) and no more.</summary>
public sealed record SharedPage(Job Job, ShareLink Link);

/// <summary>
/// Sharing a page by link: making one (which stops the page's previous link), stopping it, and opening one without
/// an account. Opening costs the owner nothing and changes nothing. A link that is revoked, expired, unknown, or
/// whose page is gone opens nothing, and the caller answers 404 for all of them alike.
/// </summary>
public sealed class ShareLinks(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The longest a link can be made to last before it stops by itself.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(365);

    // 16 random bytes (128 bits) in base64url: 22 characters.
    private const int SecretBytes = 16;
    private const int SecretLength = 22;

    /// <summary>
    /// Makes a new link to the person's finished page, valid for <paramref name="validFor"/> (null: until stopped).
    /// Any earlier link to the page stops working in the same transaction.
    /// </summary>
    public async Task<ShareResult> CreateAsync(Guid userId, Guid jobId, TimeSpan? validFor = null, CancellationToken cancellationToken = default)
    {
        if (validFor is { } span && (span < TimeSpan.FromHours(1) || span > MaxLifetime))
        {
            return new ShareResult(ShareOutcome.Invalid, Message: "A link can last from an hour to a year, or until you stop it.");
        }

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A write first: it locks the page's row, so two links made at once are made one after the other and the
        // second revokes the first (a page has one working link).
        var locked = await db.Jobs.Where(j => j.Id == jobId && j.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.IsFavourite, j => j.IsFavourite), cancellationToken);
        var job = locked == 0 ? null : await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.UserId == userId, cancellationToken);
        if (job is null)
        {
            return new ShareResult(ShareOutcome.NotFound, Message: "That page was not found.");
        }

        if (job.Status != JobStatus.Succeeded || !await HasFilesAsync(db, job, now, cancellationToken))
        {
            return new ShareResult(ShareOutcome.NothingToShow, Message: "Only a finished page whose files are still kept can be shared.");
        }

        await RevokeInTransactionAsync(db, userId, jobId, now, cancellationToken);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var link = new ShareLink
        {
            Id = Guid.CreateVersion7(now),
            JobId = jobId,
            OwnerId = userId,
            TokenHash = Hash(secret),
            CreatedAt = now,
            ExpiresAt = validFor is { } lifetime ? now + lifetime : null,
        };
        db.ShareLinks.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ShareResult(ShareOutcome.Created, link, secret);
    }

    /// <summary>The page's working link, or null when it is not shared (or is not the person's).</summary>
    public async Task<ShareLink?> FindActiveAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ShareLinks.AsNoTracking()
            .Where(l => l.OwnerId == userId && l.JobId == jobId && l.RevokedAt == null && (l.ExpiresAt == null || l.ExpiresAt > now))
            .OrderByDescending(l => l.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stops sharing the person's page; false when it had no working link (or is not theirs).</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RevokeInTransactionAsync(db, userId, jobId, clock.GetUtcNow(), cancellationToken) > 0;
    }

    /// <summary>
    /// The page a link's <paramref name="secret"/> opens, or null: malformed, unknown, revoked or expired, or the
    /// page is no longer finished with its files kept. Reads only.
    /// </summary>
    public async Task<SharedPage?> OpenAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeSecret(secret))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var hash = Hash(secret!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.ShareLinks.AsNoTracking()
            .Where(l => l.TokenHash == hash && l.RevokedAt == null && (l.ExpiresAt == null || l.ExpiresAt > now))
            .Join(db.Jobs, l => l.JobId, j => j.Id, (l, j) => new { Link = l, Job = j })
            .Where(x => x.Job.UserId == x.Link.OwnerId && x.Job.Status == JobStatus.Succeeded)
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || !await HasFilesAsync(db, found.Job, now, cancellationToken))
        {
            return null;
        }

        return new SharedPage(found.Job, found.Link);
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    internal static bool LooksLikeSecret(string? secret) =>
        secret is { Length: SecretLength } && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Task<int> RevokeInTransactionAsync(ColoringDbContext db, Guid userId, Guid jobId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ShareLinks.Where(l => l.OwnerId == userId && l.JobId == jobId && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), cancellationToken);

    private static Task<bool> HasFilesAsync(ColoringDbContext db, Job job, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Assets.AnyAsync(a => a.Id == job.PreviewAssetId && a.OwnerId == job.UserId && a.ExpiresAt > now, cancellationToken);
}
