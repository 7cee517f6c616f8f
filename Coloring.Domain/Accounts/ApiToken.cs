namespace Coloring.Domain.Accounts;

/// <summary>
/// A personal API token a script sends as <c>Authorization: Bearer …</c>. Only the SHA-256 hash of the
/// secret is stored; the secret is shown once, when the token is made. Revoking deletes the row.
/// </summary>
public class ApiToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>What the owner called it, such as "laptop script".</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the secret, safe to show so the owner can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
