using System.Globalization;
using Coloring.Domain.Export;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;

namespace Coloring.Web.Export;

public static class ExportEndpoints
{
    /// <summary>
    /// <c>POST /export/pdf</c>: the export dialogs post an ordinary form here (with the antiforgery token), so the
    /// browser saves the answer as a file and a large book never travels through the circuit. Fields: <c>jobIds</c>
    /// (repeated, in order), <c>paper</c> (A4, Letter), <c>orientation</c> (Automatic, Portrait, Landscape),
    /// <c>title</c>, <c>cover</c>, <c>belongsTo</c>. Only the signed-in owner's finished pages are printed: 401 without a user, then the
    /// statuses of <see cref="StatusCodeOf"/>; each error says why in plain text.
    /// </summary>
    public static void MapExport(this WebApplication app)
    {
        // The token is checked here rather than by the middleware, so a refusal is a plain 400 with a reason
        // (the middleware's refusal would be re-executed as a page, which cannot read the refused form).
        app.MapPost("/export/pdf", async (HttpContext http, IAntiforgery antiforgery, PdfExports exports, CancellationToken cancellationToken) =>
        {
            var post = await FormPost.ReadAsync(http, antiforgery, cancellationToken);
            switch (post.Status)
            {
                case FormPostStatus.Refused:
                    return Refusal(StatusCodes.Status400BadRequest, "This form has expired. Reload the page and try again.");
                case FormPostStatus.TooLarge:
                    return Refusal(StatusCodes.Status400BadRequest, $"This form is far too large: a book holds at most {PdfExports.MaxPages} pages and a title {ExportTitle.MaxLength} characters.");
            }

            var form = post.Form;
            var userId = http.User.FindUserId();
            if (userId is null)
            {
                return Refusal(StatusCodes.Status401Unauthorized, "Sign in to print your pages.");
            }

            if (!TryRead(form, out var request, out var error))
            {
                return Refusal(StatusCodes.Status400BadRequest, error);
            }

            var result = await exports.ExportAsync(userId.Value, request, cancellationToken);
            if (!result.Succeeded)
            {
                return Refusal(StatusCodeOf(http, result), result.Message ?? "The PDF could not be made.");
            }

            return Results.File(Downloaded(http, result), "application/pdf", result.FileName);
        }).DisableAntiforgery();
    }

    /// <summary>
    /// The HTTP status of each refusal to print, for the form here and <c>POST /api/pdf/export</c> alike; with
    /// <c>Retry-After</c> set when it is the person's limit.
    /// </summary>
    public static int StatusCodeOf(HttpContext http, PdfExportResult refused)
    {
        if (refused.Error == PdfExportError.TooMany)
        {
            http.Response.Headers.RetryAfter = refused.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return refused.Error switch
        {
            PdfExportError.NotFound => StatusCodes.Status404NotFound,
            PdfExportError.NotFinished => StatusCodes.Status409Conflict,
            PdfExportError.Unavailable => StatusCodes.Status410Gone,
            PdfExportError.TooMany => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>The PDF's bytes, with the headers every PDF download carries.</summary>
    public static byte[] Downloaded(HttpContext http, PdfExportResult printed)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-store";
        return printed.Pdf!;
    }

    private static bool TryRead(IFormCollection form, out PdfExportRequest request, out string error)
    {
        request = new PdfExportRequest([]);
        error = "";
        var ids = new List<Guid>();
        foreach (var value in form["jobIds"])
        {
            if (!Guid.TryParse(value, CultureInfo.InvariantCulture, out var id))
            {
                error = "A page was named in a way we do not understand.";
                return false;
            }

            ids.Add(id);
        }

        var paper = Paper.A4;
        if (form["paper"] is { Count: > 0 } paperText && !PageOptionNames.TryParsePaper(paperText, out paper))
        {
            error = "Choose A4 or Letter paper.";
            return false;
        }

        var orientation = PdfOrientation.Automatic;
        if (form["orientation"] is { Count: > 0 } orientationText
            && (orientationText.Count > 1 || !PdfExportRequest.TryParseOrientation(orientationText.ToString(), out orientation)))
        {
            error = "Choose automatic, portrait or landscape.";
            return false;
        }

        if (form["title"].Count > 1 || form["cover"].Count > 1)
        {
            error = "Give one title.";
            return false;
        }

        var cover = form["cover"].ToString() is "true" or "on" or "True";
        var belongsTo = form["belongsTo"].ToString() is "true" or "on" or "True";
        request = new PdfExportRequest(ids, paper, orientation, form["title"].Count == 0 ? null : form["title"].ToString(), cover, belongsTo);
        return true;
    }

    private static IResult Refusal(int status, string message) =>
        Results.Text(message, "text/plain; charset=utf-8", statusCode: status);
}
