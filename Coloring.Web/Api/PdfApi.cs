using Coloring.Domain.Export;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Coloring.Web.Export;
using Coloring.Web.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>Pages to print as one PDF.</summary>
/// <param name="JobIds">Finished pages, in the order they are printed (1 to 50; a page may appear twice).</param>
/// <param name="Paper"><c>a4</c> or <c>letter</c>.</param>
/// <param name="Orientation"><c>automatic</c> (each sheet follows its drawing; the default), <c>portrait</c> or <c>landscape</c>.</param>
/// <param name="Title">Up to 80 characters, printed above each drawing, or on the cover when there is one.</param>
/// <param name="Cover">Adds a cover sheet with the title (a cover needs a title).</param>
public sealed record PdfExportBody(Guid[]? JobIds, string? Paper, string? Orientation = null, string? Title = null, bool? Cover = null);

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
            .WithDescription("One page, or a book of up to 50 in the given order with page numbers. Drawings stay vector paths. "
                + "With a balance of 0 each sheet carries a small free-tier note; printing never costs a credit. "
                + "404 for pages that are unknown or someone else's, 409 for pages not finished, 410 for drawings that expired, "
                + "429 with Retry-After after too many PDFs in a short time (RateLimits:PdfExports, shared with the pages).")
            .WithTags("Printing");

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(HttpContext http, PdfExports exports, ActionLimiter limits)
    {
        var (body, problem) = await ApiJson.ReadAsync<PdfExportBody>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.JobIds is not { Length: > 0 } jobIds)
        {
            return ApiProblems.Invalid("jobIds", "Choose at least one page.");
        }

        if (!PageOptionNames.TryParsePaper(body.Paper, out var paper))
        {
            return ApiProblems.Invalid("paper", "Choose a4 or letter.");
        }

        var orientation = PdfOrientation.Automatic;
        if (body.Orientation is not null && !TryParseOrientation(body.Orientation, out orientation))
        {
            return ApiProblems.Invalid("orientation", "Choose automatic, portrait or landscape.");
        }

        var request = new PdfExportRequest(jobIds, paper, orientation, body.Title, body.Cover ?? false);
        if (PdfExports.Validate(request) is { } invalid)
        {
            var field = jobIds.Length > PdfExports.MaxPages ? "jobIds" : body.Cover == true && string.IsNullOrWhiteSpace(body.Title) ? "cover" : "title";
            return ApiProblems.Invalid(field, invalid);
        }

        var userId = http.User.GetUserId();
        var decision = await limits.PdfExportAsync(userId, http.RequestAborted);
        if (!decision.Allowed)
        {
            return ApiProblems.TooMany(http, decision, ExportEndpoints.TooManyMessage(decision));
        }

        var result = await exports.ExportAsync(userId, request, http.RequestAborted);
        if (!result.Succeeded)
        {
            var status = ExportEndpoints.StatusCodeOf(result.Error);
            return TypedResults.Problem(detail: result.Message, statusCode: status);
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(result.Pdf!, "application/pdf", result.FileName);
    }

    // By name only ("portrait"), never by number.
    private static bool TryParseOrientation(string text, out PdfOrientation orientation)
    {
        orientation = Enum.GetValues<PdfOrientation>().FirstOrDefault(o => string.Equals(o.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase));
        return string.Equals(orientation.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
