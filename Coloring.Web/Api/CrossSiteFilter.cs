using Microsoft.AspNetCore.Antiforgery;

namespace Coloring.Web.Api;

/// <summary>
/// Keeps other sites from using a signed-in browser's cookie to change things through the API. A
/// cookie-authenticated POST, PATCH, PUT or DELETE must come from this site's own pages
/// (<c>Sec-Fetch-Site: same-origin</c>, which browsers set and pages cannot forge) or carry a valid
/// antiforgery token in the <c>RequestVerificationToken</c> header. Calls with an API token are not
/// exposed to this (a browser never adds the token by itself) and pass.
/// </summary>
internal sealed class CrossSiteFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var changesState = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var cookieCaller = http.User.Identity?.IsAuthenticated == true && !ApiTokenAuthenticationHandler.IsTokenCaller(http.User);
        if (!changesState || !cookieCaller
            || http.Request.Headers["Sec-Fetch-Site"] == "same-origin"
            || (http.Request.Headers.ContainsKey("RequestVerificationToken") && await antiforgery.IsRequestValidAsync(http)))
        {
            return await next(context);
        }

        return ApiProblems.Forbidden("This request came from another site, or from a script using the sign-in cookie. Scripts use a personal API token (Authorization: Bearer …).");
    }
}
