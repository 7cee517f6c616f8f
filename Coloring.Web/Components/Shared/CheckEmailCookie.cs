namespace Coloring.Web.Components.Shared;

/// <summary>
/// Carries the address a sign-in link was just sent to from the form to the "Check your e-mail" page.
/// Only the browser that typed it gets it back, for a few minutes; the page shows it HTML-encoded.
/// </summary>
public static class CheckEmailCookie
{
    public const string Name = "Coloring.LinkSentTo";

    public static CookieOptions Options(bool secure) => new()
    {
        Path = "/account/check-email",
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
        MaxAge = TimeSpan.FromMinutes(15),
    };
}
