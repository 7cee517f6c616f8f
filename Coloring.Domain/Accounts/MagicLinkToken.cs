namespace Coloring.Domain.Accounts;

/// <summary>
/// A single-use sign-in link. Only the SHA-256 hash of the random token is stored,
/// so a leaked database cannot be used to sign in.
/// </summary>
public class MagicLinkToken
{
    public Guid Id { get; set; }

    /// <summary>The lookup key of <see cref="Email"/> (<see cref="EmailAddress.Normalize"/>).</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>The canonical address the link was sent to: the only account it signs in to (ADR 0007).</summary>
    public required string Email { get; set; }

    /// <summary>Lower-case hex SHA-256 of the raw token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>A local path to return to after sign-in, already checked to be local.</summary>
    public string? ReturnUrl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }
}
