namespace Coloring.Domain.Accounts;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Addresses that get the Admin role when they sign in (a list, or one string separated by commas or semicolons).</summary>
    public List<string> AdminEmails { get; set; } = [];

    /// <summary>How long a sign-in link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// True when <paramref name="email"/> is a listed address, compared in canonical form (ADR 0007). A look-alike,
    /// which is not canonical already (<see cref="EmailAddress.CanonicalizeExact"/>), never is.
    /// </summary>
    public bool IsAdminEmail(string email) =>
        EmailAddress.CanonicalizeExact(email) is { } canonical
        && AdminEmails.SelectMany(e => e.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(e => string.Equals(EmailAddress.Canonicalize(e), canonical, StringComparison.Ordinal));
}
