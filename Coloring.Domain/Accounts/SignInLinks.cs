using System.Security.Cryptography;
using System.Text;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Accounts;

/// <summary>A freshly made link token; the raw value exists only here and in the e-mail.</summary>
/// <param name="Token">The raw token, for the link.</param>
/// <param name="Email">The canonical address the link is bound to and must be sent to.</param>
/// <param name="ExpiresAt">When the link stops working.</param>
public sealed record IssuedSignInLink(string Token, string Email, DateTimeOffset ExpiresAt);

public enum SignInLinkStatus
{
    Valid,
    Unknown,
    Expired,
    AlreadyUsed,
}

/// <summary>What a token says when looked at or consumed.</summary>
public sealed record SignInLinkCheck(SignInLinkStatus Status, string? Email = null, string? ReturnUrl = null);

/// <summary>
/// Single-use sign-in links: 32 random bytes, stored only as a SHA-256 hash, short-lived, and consumed
/// by one conditional UPDATE so that two clicks can never both sign in.
/// </summary>
public sealed class SignInLinks(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock, IOptions<AuthOptions> options)
{
    /// <summary>
    /// Stores a new link for the canonical form of <paramref name="email"/> and returns its raw token; the link must be
    /// sent to <see cref="IssuedSignInLink.Email"/>, the only address it signs in to. The address must already be valid.
    /// </summary>
    public async Task<IssuedSignInLink> IssueAsync(string email, string? returnUrl, CancellationToken cancellationToken = default)
    {
        var canonical = EmailAddress.Canonicalize(email) ?? throw new ArgumentException("Not an e-mail address.", nameof(email));

        var token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var link = new MagicLinkToken
        {
            Id = Guid.CreateVersion7(now),
            Email = canonical,
            NormalizedEmail = EmailAddress.Normalize(canonical),
            TokenHash = Hash(token),
            ReturnUrl = returnUrl,
            CreatedAt = now,
            ExpiresAt = now + options.Value.LinkLifetime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.MagicLinkTokens.Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedSignInLink(token, link.Email, link.ExpiresAt);
    }

    /// <summary>Says whether the token would sign in now, without using it up (mail scanners open links).</summary>
    public async Task<SignInLinkCheck> PeekAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token))
        {
            return new SignInLinkCheck(SignInLinkStatus.Unknown);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = Hash(token!);
        var link = await db.MagicLinkTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        return Describe(link);
    }

    /// <summary>Uses the token up. Succeeds for exactly one caller, however many try at once.</summary>
    public async Task<SignInLinkCheck> ConsumeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(token))
        {
            return new SignInLinkCheck(SignInLinkStatus.Unknown);
        }

        var hash = Hash(token!);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var consumed = await db.MagicLinkTokens
            .Where(t => t.TokenHash == hash && t.ConsumedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ConsumedAt, now), cancellationToken);
        var link = await db.MagicLinkTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (consumed == 1 && link is not null)
        {
            return new SignInLinkCheck(SignInLinkStatus.Valid, link.Email, link.ReturnUrl);
        }

        // Lost the race, or the link was never good: say which, without its details.
        var status = Describe(link).Status;
        return new SignInLinkCheck(status == SignInLinkStatus.Valid ? SignInLinkStatus.AlreadyUsed : status);
    }

    /// <summary>Deletes links that can no longer be used; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.MagicLinkTokens.Where(t => t.ExpiresAt <= now || t.ConsumedAt != null).ExecuteDeleteAsync(cancellationToken);
    }

    internal static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private SignInLinkCheck Describe(MagicLinkToken? link) => link switch
    {
        null => new SignInLinkCheck(SignInLinkStatus.Unknown),
        { ConsumedAt: not null } => new SignInLinkCheck(SignInLinkStatus.AlreadyUsed),
        _ when link.ExpiresAt <= clock.GetUtcNow() => new SignInLinkCheck(SignInLinkStatus.Expired),
        _ => new SignInLinkCheck(SignInLinkStatus.Valid, link.Email, link.ReturnUrl),
    };

    // 32 bytes in base64url are 43 characters; anything else cannot be ours, so skip the database.
    private static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
