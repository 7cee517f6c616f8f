using System.Globalization;
using Coloring.Domain.Export;
using Coloring.Domain.Sharing;
using Coloring.Domain.Storage;
using Coloring.Web.Accounts;
using Coloring.Web.Export;
using Coloring.Web.Infrastructure;

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

        app.MapGet("/shared/{secret}/page.pdf", async (string secret, HttpContext http, SharedPagePdfs pdfs, CancellationToken cancellationToken) =>
        {
            Private(http);
            var result = await pdfs.MakeAsync(secret, http.Connection.RemoteIpAddress, cancellationToken);
            switch (result.Outcome)
            {
                case SharedPdfOutcome.Made:
                    return Inline(http, result.Pdf!);
                case SharedPdfOutcome.TooMany:
                    http.Response.Headers.RetryAfter = result.Limit!.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    return Results.Text(result.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
                default:
                    return Results.NotFound();
            }
        });

        app.MapGet("/jobs/{id:guid}/print.pdf", async (Guid id, HttpContext http, PagePrints prints, CancellationToken cancellationToken) =>
        {
            Private(http);
            var userId = http.User.FindUserId();
            if (userId is null)
            {
                return Results.NotFound();
            }

            var result = await prints.PrintAsync(userId.Value, id, FetchSite.IsThisSite(http.Request), cancellationToken);
            if (result.Succeeded)
            {
                return Inline(http, result.Pdf!);
            }

            var status = result.FromAnotherSite ? StatusCodes.Status403Forbidden : ExportEndpoints.StatusCodeOf(http, result.Pdf!);
            return Results.Text(result.Message, "text/plain; charset=utf-8", statusCode: status);
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
