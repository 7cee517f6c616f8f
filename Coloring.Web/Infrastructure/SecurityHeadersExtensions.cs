namespace Coloring.Web.Infrastructure;

/// <summary>
/// Headers every answer carries, pages, API, files and error pages alike: no framing at all (the pages have buttons
/// that spend credits and delete accounts; the framework's own default allows framing by the site itself), no
/// content-type guessing, no address sent to other sites (a sign-in link's token is in its address), and no camera,
/// microphone or location for anything on the page. An endpoint's own Content-Security-Policy (a downloaded SVG is
/// sandboxed) stays: this policy is added beside it, and a browser enforces both.
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
            headers.Append("Content-Security-Policy", ContentSecurityPolicy);
            headers.TryAdd("Referrer-Policy", "same-origin");
            headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
