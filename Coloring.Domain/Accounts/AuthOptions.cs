namespace Coloring.Domain.Accounts;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Addresses that get the Admin role when they sign in (a list, or one string separated by commas or semicolons).</summary>
    public List<string> AdminEmails { get; set; } = [];

    /// <summary>How long a sign-in link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public bool IsAdminEmail(string email) =>
        AdminEmails.SelectMany(e => e.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Any(e => string.Equals(e, email.Trim(), StringComparison.OrdinalIgnoreCase));
}
