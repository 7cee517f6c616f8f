using System.Globalization;
using Coloring.Domain.Export;
using Coloring.Domain.Sharing;
using Coloring.Domain.Storage;
using Coloring.Web.Accounts;
using Coloring.Web.Export;
using Coloring.Web.RateLimits;

namespace Coloring.Web.Sharing;

public static class SharingEndpoints
{
    /// <summary>Asks search engines to leave shared pages out, as the page's own meta tag does.</summary>
    public const string NoIndex = "noindex, nofollow, noarchive";

    /// <summary>
    /// The files behind a share link, for anyone with it: <c>GET /shared/{secret}/page.png</c> (the page) and
    /// <c>GET /shared/{secret}/page.pdf</c> (it printed on the owner's paper, limited per network as it takes the
    /// machine's time). A revoked, expired, unknown or malformed link answers 404, all alike. Opening costs the owner
    /// nothing: no credit, and nothing from their own PDF limit. And for the owner, <c>GET /jobs/{id}/print.pdf</c>:
    /// their page as a PDF shown in the browser (not saved), for the Print button.
    /// </summary>
    public static void MapSharing(this WebApplication app)
    {
        app.MapGet("/shared/{secret}/page.png", async (string secret, HttpContext http, ShareLinks links, AssetStore assets, CancellationToken cancellationToken) =>
        {
            Private(http);
            var shared = await links.OpenAsync(secret, cancellationToken);
            var asset = shared?.Job.PageAssetId is { } id ? await assets.FindAsync(id, shared.Job.UserId, cancellationToken) : null;
            var stream = asset is null ? null : await assets.OpenAsync(asset, cancellationToken);
            return stream is null ? Results.NotFound() : Results.Stream(stream, asset!.ContentType);
        });

        app.MapGet("/shared/{secret}/page.pdf", async (string secret, HttpContext http, ShareLinks links, PdfExports exports, ActionLimiter limits, CancellationToken cancellationToken) =>
        {
            Private(http);
            var shared = await links.OpenAsync(secret, cancellationToken);
            if (shared is null)
            {
                return Results.NotFound();
            }

            var decision = await limits.SharedPdfAsync(http.Connection.RemoteIpAddress, cancellationToken);
            if (!decision.Allowed)
            {
                http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.Text($"Many PDFs were opened from here in a short time. Try again {decision.WaitText}.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
            }

            var result = await exports.ExportSharedAsync(shared.Job.UserId, new PdfExportRequest([shared.Job.Id], shared.Job.Paper, Title: shared.Job.Name), cancellationToken);
            return result.Succeeded ? Inline(http, result) : Results.NotFound();
        });

        app.MapGet("/jobs/{id:guid}/print.pdf", async (Guid id, HttpContext http, PdfExports exports, CancellationToken cancellationToken) =>
        {
            Private(http);
            var userId = http.User.FindUserId();
            if (userId is null)
            {
                return Results.NotFound();
            }

            // Only this site's own Print button opens it: a link on another site must not use up the person's PDFs.
            if (http.Request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site != "same-origin" && site != "none")
            {
                return Results.Text("Open your page and press Print there.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }

            var result = await exports.ExportAsync(userId.Value, new PdfExportRequest([id]), cancellationToken);
            return result.Succeeded
                ? Inline(http, result)
                : Results.Text(result.Message ?? "The PDF could not be made.", "text/plain; charset=utf-8", statusCode: ExportEndpoints.StatusCodeOf(http, result));
        });
    }

    /// <summary>Headers for a shared page and its files: not indexed, not cached (a revoked link must stop at once), no referrer.</summary>
    public static void Private(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers["X-Robots-Tag"] = NoIndex;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
    }

    // Shown in the browser's PDF viewer, with the name it is saved under.
    private static IResult Inline(HttpContext http, PdfExportResult result)
    {
        var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(result.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Bytes(result.Pdf!, "application/pdf");
    }
}
