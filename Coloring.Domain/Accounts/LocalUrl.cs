namespace Coloring.Domain.Accounts;

/// <summary>Keeps redirects on this site: an open redirect would turn our sign-in e-mails into phishing.</summary>
public static class LocalUrl
{
    public const int MaxLength = 512;

    /// <summary><paramref name="url"/> when it is a path on this site, else <c>/</c>.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url.Length <= MaxLength
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
        && !url.StartsWith("/account/sign-out", StringComparison.OrdinalIgnoreCase);
}
