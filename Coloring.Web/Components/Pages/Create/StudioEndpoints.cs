using Coloring.Domain.Studio;
using Coloring.Engine;
using Coloring.Web.Api;
using Coloring.Web.Accounts;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Components.Pages.Create;

/// <summary>
/// The studio's preview as a picture the Create page's browser fetches (why: docs/studio.md, "In the browser"):
/// the bytes never pass through the Blazor circuit, a stale fetch is aborted by the browser (and the work with
/// it, through <see cref="HttpContext.RequestAborted"/>), and the same options twice come from the browser's cache.
/// Signed-in people only, from this site's own pages only; the answer is the one <see cref="PagePreviews"/> gives.
/// </summary>
public static class StudioEndpoints
{
    /// <summary>How long the browser may keep a preview it fetched: the same photo and options always draw the same page.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    public static void MapStudio(this WebApplication app) =>
        app.MapGet("/studio/preview/{photoId:guid}", PreviewAsync)
            .RequireAuthorization()
            .DisableCookieRedirect()
            .ExcludeFromDescription();

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem>> PreviewAsync(
        Guid photoId, HttpContext http, PagePreviews previews)
    {
        // Another site could embed this in an image and spend the person's preview limit.
        if (!FetchSite.IsThisSite(http.Request))
        {
            return ApiProblems.Forbidden("Previews are shown on this site's Create page only.");
        }

        var (options, invalid) = StudioQuery.Read(http.Request.Query);
        if (invalid is not null)
        {
            return invalid;
        }

        PreviewResult result;
        try
        {
            result = await previews.PreviewAsync(http.User.GetUserId(), photoId, options!, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser asked for a newer preview and dropped this one: nobody is listening.
            return TypedResults.Problem(statusCode: 499, title: "Abandoned");
        }

        switch (result.Outcome)
        {
            case PreviewOutcome.Made:
                http.Response.Headers.CacheControl = $"private, max-age={(int)KeptFor.TotalSeconds}";
                http.Response.Headers.ContentDisposition = "inline";
                return TypedResults.File(result.Png!, "image/png");
            case PreviewOutcome.InvalidOptions:
                return ApiProblems.Invalid(result.Field ?? "options", result.Message ?? "Those options can't make a page.");
            case PreviewOutcome.TooManyPreviews:
                return ApiProblems.TooMany(http, result.RetryAfterSeconds, result.Message!);
            default:
                return ApiProblems.NotFound(result.Message ?? "That photo is not available any more.");
        }
    }
}
