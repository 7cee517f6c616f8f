namespace Coloring.Web.Infrastructure;

/// <summary>
/// Headers every answer carries, pages, API, files and error pages alike: no framing by other sites (the pages have
/// buttons that spend credits and delete accounts), no content-type guessing, no address sent to other sites (a
/// sign-in link's token is in its address), and no camera, microphone or location for anything on the page.
/// These are set last, over what the framework sets (Blazor and antiforgery allow framing by the site itself; nothing
/// here is meant to be framed at all), so the whole site has one policy.
/// </summary>
public static class SecurityHeadersExtensions
{
    public const string ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use((context, next) =>
    {
        // Registered first, so it runs after every other OnStarting callback.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
