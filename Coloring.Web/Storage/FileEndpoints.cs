using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Storage;

public static class FileEndpoints
{
    /// <summary>
    /// Stored files are never static files. They are served by signed link (<c>/files/{id}?token=</c>) or,
    /// for the signed-in owner, by job (<c>/jobs/{id}/download/{kind}</c>). Anything else is a 404, even
    /// when the file exists but belongs to someone else.
    /// </summary>
    public static void MapFileEndpoints(this WebApplication app)
    {
        app.MapGet("/files/{assetId:guid}", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid assetId, string? token, bool? download, FileLinks links, AssetStore assets, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!links.IsValid(assetId, token))
            {
                return TypedResults.NotFound();
            }

            var asset = await assets.FindAsync(assetId, ownerId: null, cancellationToken);
            return asset is null ? TypedResults.NotFound() : await ServeAsync(http, assets, asset, download == true ? FileNameOf(asset, "coloring-page") : null, cancellationToken);
        });

        app.MapGet("/jobs/{jobId:guid}/download/{kind}", async Task<Results<FileStreamHttpResult, NotFound>> (
            Guid jobId, string kind, JobService jobs, AssetStore assets, HttpContext http, CancellationToken cancellationToken) =>
        {
            var userId = http.User.FindUserId();
            var job = userId is null ? null : await jobs.FindAsync(jobId, userId.Value, cancellationToken);
            var assetId = kind switch
            {
                "png" => job?.PageAssetId,
                "svg" => job?.SvgAssetId,
                "preview" => job?.PreviewAssetId,
                "original" => job?.OriginalAssetId,
                _ => null,
            };
            var asset = assetId is null ? null : await assets.FindAsync(assetId.Value, userId, cancellationToken);
            return asset is null
                ? TypedResults.NotFound()
                : await ServeAsync(http, assets, asset, FileNameOf(asset, kind == "original" ? "photo" : $"coloring-page-{jobId.ToString("N")[..8]}"), cancellationToken);
        });
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> ServeAsync(HttpContext http, AssetStore assets, Asset asset, string? downloadName, CancellationToken cancellationToken)
    {
        var stream = await assets.OpenAsync(asset, cancellationToken);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // An SVG opened on its own must not run anything, whoever made it.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
        headers.CacheControl = "private, max-age=600";
        return TypedResults.Stream(stream, asset.ContentType, downloadName, enableRangeProcessing: false);
    }

    private static string FileNameOf(Asset asset, string stem) =>
        $"{stem}{Path.GetExtension(asset.Key)}";
}
