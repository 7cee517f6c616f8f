using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Coloring.Web.RateLimits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coloring.Web.Api;

/// <summary>A stored photo, ready to be made into a page.</summary>
/// <param name="AssetId">Pass this to <c>POST /api/jobs</c>.</param>
/// <param name="Width">Width of the stored (upright) photo in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record UploadedPhoto(Guid AssetId, int Width, int Height);

public static class UploadApi
{
    public static void MapUploadApi(this RouteGroupBuilder api) =>
        api.MapPost("/upload", UploadAsync)
            // Checked by CrossSiteFilter instead: the form's own antiforgery check would refuse every script.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(PhotoReader.MaxBytes + (64 * 1024)))
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Upload a photo")
            .WithDescription("Multipart form with the photo in the field `file`: JPEG, PNG or WebP, up to 10 MB. It is stored re-encoded, "
                + "upright and without metadata. Limited to 10 uploads per hour per person (429 with Retry-After). "
                + "When many photos are being read at once it answers 503 with Retry-After; nothing is stored.")
            .WithTags("Photos");

    private static async Task<Results<Created<UploadedPhoto>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFile? file, HttpContext http, PhotoUploads uploads, ActionLimiter limits)
    {
        if (file is null)
        {
            return ApiProblems.Invalid("file", "Send the photo as a multipart form field named \"file\".");
        }

        if (file.Length == 0)
        {
            return ApiProblems.Invalid("file", PhotoUploads.RefuseUnread(PhotoProblem.Empty));
        }

        if (file.Length > PhotoReader.MaxBytes)
        {
            return ApiProblems.Invalid("file", PhotoUploads.RefuseUnread(PhotoProblem.TooLarge));
        }

        // Counted before the photo is read: decoding is the work the limit protects.
        var userId = http.User.GetUserId();
        var decision = await limits.UploadAsync(userId, http.RequestAborted);
        if (!decision.Allowed)
        {
            return ApiProblems.TooMany(http, decision, $"You have uploaded many photos in a short time. You can upload another {decision.WaitText}.");
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await stream.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }

        try
        {
            var photo = await uploads.StoreAsync(userId, bytes, http.RequestAborted);
            return TypedResults.Created((string?)null, new UploadedPhoto(photo.Id, photo.Width ?? 0, photo.Height ?? 0));
        }
        catch (PhotoRejectedException ex)
        {
            return ApiProblems.Invalid("file", ex.Message);
        }
        catch (PhotoIntakeBusyException ex)
        {
            http.Response.Headers.RetryAfter = ex.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy",
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = ex.RetryAfterSeconds });
        }
    }
}
