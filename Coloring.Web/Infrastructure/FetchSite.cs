namespace Coloring.Web.Infrastructure;

/// <summary>
/// Where a browser says a request came from. Browsers send <c>Sec-Fetch-Site</c> with every request and pages cannot
/// forge it, so a GET that spends something of the person's (a preview from their limit, a print) can refuse a
/// request another site started by embedding the address. <c>none</c> is an address typed in or bookmarked; a client
/// that sends no such header at all is not a browser on another site (scripts, older browsers).
/// </summary>
internal static class FetchSite
{
    /// <summary>True unless the browser says another site (or a sibling subdomain) started the request.</summary>
    public static bool IsThisSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] is not { Count: > 0 } site || site == "same-origin" || site == "none";
}
