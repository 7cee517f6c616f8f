using Coloring.Domain.Export;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Coloring.Web.Export;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>Pages to print as one PDF.</summary>
/// <param name="JobIds">Finished pages, in the order they are printed (1 to 50; a page may appear twice).</param>
/// <param name="Paper"><c>a4</c> or <c>letter</c>.</param>
/// <param name="Orientation"><c>automatic</c> (each sheet follows its drawing; the default), <c>portrait</c> or <c>landscape</c>.</param>
/// <param name="Title">Up to 80 characters, printed above each drawing, or on the cover when there is one.</param>
/// <param name="Cover">Adds a cover sheet with the title (a cover needs a title).</param>
/// <param name="BelongsToPage">Adds a "This book belongs to ___" sheet, with a line to write a name on, before the pages (after the cover).</param>
public sealed record PdfExportBody(Guid[]? JobIds, string? Paper, string? Orientation = null, string? Title = null, bool? Cover = null, bool? BelongsToPage = null);

public static class PdfApi
{
    public static void MapPdfApi(this RouteGroupBuilder api) =>
        api.MapPost("/pdf/export", ExportAsync)
            .Accepts<PdfExportBody>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Print pages as a PDF")
            .WithDescription("One page, or a book of up to 50 in the given order with page numbers. Drawings stay vector paths; "
                + "each page is printed as its current version (after any touch-up). "
                + "belongsToPage adds a \"This book belongs to ___\" sheet before the pages. "
                + "With a balance of 0 each sheet carries a small free-tier note; printing never costs a credit. "
                + "404 for pages that are unknown or someone else's, 409 for pages not finished, 410 for drawings that expired, "
                + "429 with Retry-After after too many PDFs in a short time (RateLimits:PdfExports, shared with the pages).")
            .WithTags("Printing");

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(HttpContext http, PdfExports exports)
    {
        var (body, problem) = await ApiJson.ReadAsync<PdfExportBody>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (!PageOptionNames.TryParsePaper(body!.Paper, out var paper))
        {
            return ApiProblems.Invalid("paper", "Choose a4 or letter.");
        }

        var orientation = PdfOrientation.Automatic;
        if (body.Orientation is not null && !PdfExportRequest.TryParseOrientation(body.Orientation, out orientation))
        {
            return ApiProblems.Invalid("orientation", "Choose automatic, portrait or landscape.");
        }

        var request = new PdfExportRequest(body.JobIds ?? [], paper, orientation, body.Title, body.Cover ?? false, body.BelongsToPage ?? false);
        var result = await exports.ExportAsync(http.User.GetUserId(), request, http.RequestAborted);
        return result switch
        {
            { Succeeded: true } => TypedResults.File(ExportEndpoints.Downloaded(http, result), "application/pdf", result.FileName),
            { Error: PdfExportError.Invalid } => ApiProblems.Invalid(FieldOf(request), result.Message!),
            { Error: PdfExportError.TooMany } => ApiProblems.TooMany(http, result.RetryAfterSeconds, result.Message!),
            _ => TypedResults.Problem(detail: result.Message, statusCode: ExportEndpoints.StatusCodeOf(http, result)),
        };
    }

    // The field a refused request is answered by: the pages, the cover without a title, or the title.
    private static string FieldOf(PdfExportRequest request) =>
        request.JobIds.Count is 0 or > PdfExports.MaxPages ? "jobIds" : request.Cover && string.IsNullOrWhiteSpace(request.Title) ? "cover" : "title";
}
