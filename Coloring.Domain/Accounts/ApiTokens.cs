using System.Security.Cryptography;
using System.Text;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Accounts;

public enum CreateApiTokenOutcome
{
    Created,
    InvalidName,
    TooMany,
}

/// <summary>A token just made: <see cref="Secret"/> exists only here, to be shown once.</summary>
public sealed record CreateApiTokenResult(CreateApiTokenOutcome Outcome, ApiToken? Token = null, string? Secret = null, string? Message = null);

/// <summary>
/// Personal API tokens: named, shown once, stored as a SHA-256 hash, revocable, with the time they were
/// last used. A script sends one as <c>Authorization: Bearer col_…</c> and acts as its owner.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many tokens one person may hold at once.</summary>
    public const int MaxPerUser = 20;

    public const int MaxNameLength = 60;

    /// <summary>Every secret starts with this, so a leaked one is easy to recognise (and to scan for).</summary>
    public const string SecretPrefix = "col_";

    /// <summary>How many characters of the secret are kept to tell tokens apart.</summary>
    public const int ShownPrefixLength = 12;

    /// <summary>Last-used times are written at most this often per token, so busy scripts do not write on every call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    // "col_" + 32 random bytes in base64url (43 characters).
    private const int SecretLength = 47;

    /// <summary>Why <paramref name="name"/> cannot name a token, or null when it can.</summary>
    public static string? CheckName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return "Give the token a name, such as \"laptop script\".";
        }

        if (trimmed.Length > MaxNameLength)
        {
            return $"The name can be at most {MaxNameLength} characters.";
        }

        return trimmed.Any(char.IsControl) ? "The name cannot contain control characters." : null;
    }

    /// <summary>Makes a token for <paramref name="userId"/>; the result carries its secret, which is never stored.</summary>
    public async Task<CreateApiTokenResult> CreateAsync(Guid userId, string? name, CancellationToken cancellationToken = default)
    {
        if (CheckName(name) is { } problem)
        {
            return new CreateApiTokenResult(CreateApiTokenOutcome.InvalidName, Message: problem);
        }

        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Name = name!.Trim(),
            TokenHash = Hash(secret),
            Prefix = secret[..ShownPrefixLength],
            CreatedAt = now,
        };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A no-op update of the owner's row locks it, so two tokens made at once are counted one after the other
        // and the cap holds (PostgreSQL takes a row lock, SQLite the database write lock).
        var owners = await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, u => u.DisplayName), cancellationToken);
        if (owners == 0)
        {
            throw new InvalidOperationException("No such user.");
        }

        if (await db.ApiTokens.CountAsync(t => t.UserId == userId, cancellationToken) >= MaxPerUser)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new CreateApiTokenResult(CreateApiTokenOutcome.TooMany, Message: $"You can have at most {MaxPerUser} tokens. Revoke one you no longer use first.");
        }

        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CreateApiTokenResult(CreateApiTokenOutcome.Created, token, secret);
    }

    /// <summary>The user's tokens, newest first (without secrets: there are none to give).</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes the user's token; false when there is no such token of theirs (someone else's included).</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.Where(t => t.Id == tokenId && t.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// The owner of <paramref name="secret"/>, or null when it is not a live token or its owner is locked.
    /// Records the time it was used, at most once per <see cref="LastUsedResolution"/>.
    /// </summary>
    public async Task<Guid?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeSecret(secret))
        {
            return null;
        }

        var hash = Hash(secret!);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.UserId, t.LastUsedAt, u.LockoutEnd })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null || found.LockoutEnd > now)
        {
            return null;
        }

        if (found.LastUsedAt is null || found.LastUsedAt <= now - LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.ApiTokens.Where(t => t.Id == found.Id && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return found.UserId;
    }

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static bool LooksLikeSecret(string? secret) =>
        secret is { Length: SecretLength }
        && secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
        && secret.AsSpan(SecretPrefix.Length).ToString().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
