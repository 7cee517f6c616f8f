namespace Coloring.Web.Components.Layout;

/// <summary>
/// Light or dark colours. A person's own choice (the toggle in the app bar) is kept in a cookie and wins;
/// without one the system setting is followed. The browser reports the system setting once the circuit
/// starts and it is kept in a second cookie, so the next page is rendered on the server in the right colours
/// instead of flashing light first.
/// </summary>
public static class ColourScheme
{
    /// <summary>"dark" or "light", set by the toggle.</summary>
    public const string ChoiceCookie = "Coloring.Colours";

    /// <summary>"dark" or "light", the system setting the browser last reported.</summary>
    public const string SystemCookie = "Coloring.SystemColours";

    /// <summary>The colours to render a request in: <c>"dark"</c>, <c>"light"</c>, or <c>"system-dark"</c> / <c>"system-light"</c> when following the system.</summary>
    public static string ForRequest(HttpContext http)
    {
        var choice = http.Request.Cookies[ChoiceCookie];
        if (choice is "dark" or "light")
        {
            return choice;
        }

        return http.Request.Cookies[SystemCookie] == "dark" ? "system-dark" : "system-light";
    }

    public static bool IsDark(string? scheme) => scheme is "dark" or "system-dark";

    public static bool FollowsSystem(string? scheme) => scheme is null or "system-dark" or "system-light";
}
