using Coloring.Domain.TouchUp;
using Coloring.Web.Accounts;
using Coloring.Web.Infrastructure;
using Coloring.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Api;

/// <summary>Strokes to remove from a finished page.</summary>
/// <param name="Remove">Indexes of the strokes to remove, counted from 0 in the order of the current SVG's <c>path</c> elements; each once, at least one, at most 10000, and not every stroke.</param>
/// <param name="Version">Optional: the page version the indexes were read from (<c>version</c> of an earlier answer; 0 for a page never touched up). When the page has moved on since, the answer is 409 and nothing changes.</param>
public sealed record RemoveStrokesRequest(int[]? Remove, int? Version = null);

/// <summary>The page's new current version.</summary>
/// <param name="JobId">The page.</param>
/// <param name="Version">The new version number; name it in the next request to be sure nobody else changed the page in between.</param>
/// <param name="Strokes">Strokes the new version has.</param>
/// <param name="Downloads">Signed links to the new version's PNG, SVG and preview.</param>
public sealed record TouchedUpPage(Guid JobId, int Version, int Strokes, JobDownloads Downloads);

public static class StrokesApi
{
    public static void MapStrokesApi(this RouteGroupBuilder api)
    {
        api.MapPatch("/jobs/{id:guid}/strokes", RemoveAsync)
            .Accepts<RemoveStrokesRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithTags("Pages")
            .WithSummary("Remove strokes from a finished page")
            .WithDescription("Removes whole strokes by index (the order of the current SVG's path elements, from 0) and makes the rest the page's new current "
                + "version: a new PNG at 300 DPI, SVG and preview, drawn from the strokes that stay, unchanged. Free. The page as first made is kept and "
                + "can be restored on the page's Edit lines screen; PDFs print the current version. A region whose border is removed merges with its "
                + "neighbour; other regions stay closed. 400 naming the field for an empty, repeated, negative, out-of-range or oversized list; "
                + "404 for another person's page; 409 for a page not finished, or when another change to the page won (or version is not the current one); "
                + "410 when the page's drawing has expired.");

        api.MapPost("/jobs/{id:guid}/strokes/restore", RestoreAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithTags("Pages")
            .WithSummary("Put a touched-up page back as it was made")
            .WithDescription("Makes the page as the engine first made it current again (its PNG, SVG and preview, every stroke back) and deletes the "
                + "touched-up files. Free. No body; the optional query parameter version (the version an earlier answer named) makes it refuse with 409 "
                + "when the page has moved on since. 400 for a version that is not a whole number from 0; 404 for another person's page; "
                + "409 for a page not finished, a page never touched up, or when another change to the page won.");
    }

    private static async Task<Results<Ok<TouchedUpPage>, ValidationProblem, ProblemHttpResult>> RestoreAsync(
        Guid id, string? version, HttpContext http, PageTouchUps touchUps, FileLinks links, IOptions<AppOptions> app, TimeProvider clock)
    {
        int? asked = null;
        if (version is not null)
        {
            if (!int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return ApiProblems.Invalid("version", "The version is a whole number from 0, as an earlier answer named it.");
            }

            asked = number;
        }

        return Answer(await touchUps.RestoreOriginalAsync(id, http.User.GetUserId(), asked, http.RequestAborted), links, app.Value, clock);
    }

    private static async Task<Results<Ok<TouchedUpPage>, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        Guid id, HttpContext http, PageTouchUps touchUps, FileLinks links, IOptions<AppOptions> app, TimeProvider clock)
    {
        var (request, problem) = await ApiJson.ReadAsync<RemoveStrokesRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Version is < 0)
        {
            return ApiProblems.Invalid("version", "Versions start at 0.");
        }

        return Answer(await touchUps.RemoveStrokesAsync(id, http.User.GetUserId(), request.Remove, request.Version, http.RequestAborted), links, app.Value, clock);
    }

    private static Results<Ok<TouchedUpPage>, ValidationProblem, ProblemHttpResult> Answer(TouchUpResult result, FileLinks links, AppOptions app, TimeProvider clock)
    {
        if (result.Job is { } job)
        {
            string? Link(Guid? assetId, bool download) => assetId is { } asset ? app.Link(links.For(asset, download)) : null;
            var downloads = new JobDownloads(Link(job.PageAssetId, true), Link(job.SvgAssetId, true), Link(job.PreviewAssetId, false), clock.GetUtcNow() + FileLinks.DefaultLifetime);
            return TypedResults.Ok(new TouchedUpPage(job.Id, job.PageVersion, result.Strokes, downloads));
        }

        return result.Error switch
        {
            TouchUpError.Invalid => ApiProblems.Invalid(result.Field ?? "remove", result.Message!),
            TouchUpError.NotFound => ApiProblems.NotFound(result.Message!),
            TouchUpError.Unavailable => TypedResults.Problem(detail: result.Message, statusCode: StatusCodes.Status410Gone, title: "Gone"),
            _ => ApiProblems.Conflict(result.Message!),
        };
    }
}
