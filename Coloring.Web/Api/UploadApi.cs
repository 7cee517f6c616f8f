using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Web.Accounts;
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
        IFormFile? file, HttpContext http, PhotoUploads uploads)
    {
        if (file is null)
        {
            return ApiProblems.Invalid("file", "Send the photo as a multipart form field named \"file\".");
        }

        var intake = await uploads.TakeInAsync(http.User.GetUserId(), file.Length, async cancellationToken =>
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }, http.RequestAborted);
        return Answer(http, intake);
    }

    /// <summary>The HTTP answer for each outcome of taking in a photo.</summary>
    private static Results<Created<UploadedPhoto>, ValidationProblem, ProblemHttpResult> Answer(HttpContext http, PhotoIntake intake) => intake switch
    {
        { Photo: { } photo } => TypedResults.Created((string?)null, new UploadedPhoto(photo.Id, photo.Width ?? 0, photo.Height ?? 0)),
        { Refusal: PhotoRefusal.TooMany } => ApiProblems.TooMany(http, intake.RetryAfterSeconds, intake.Message!),
        { Refusal: PhotoRefusal.Busy } => ApiProblems.Busy(http, intake.RetryAfterSeconds, intake.Message!),
        _ => ApiProblems.Invalid("file", intake.Message!),
    };
}
