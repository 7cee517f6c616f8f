namespace Coloring.Domain.Sharing;

/// <summary>
/// A read-only link to one finished page, for anyone who has it (a grandparent, a teacher). Only the SHA-256 hash of
/// its secret is stored, as for API tokens: the link is shown once, when it is made, and a database leak gives away
/// no working link. A page has at most one working link; making a new one stops the old.
/// </summary>
public class ShareLink
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    /// <summary>The page's owner, so every owner-side query is scoped without a join.</summary>
    public Guid OwnerId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the secret in the link.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the link stops working by itself; null for never (until revoked).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the owner stopped sharing; a revoked link answers "not found".</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>True while the link works: not revoked and not expired at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
