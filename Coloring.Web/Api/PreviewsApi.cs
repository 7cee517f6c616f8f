using Coloring.Domain.Studio;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>A box in 0-1 coordinates of a picture (0,0 is its top left); each side at least 0.05 long.</summary>
/// <param name="Left">Left edge, 0-1 of the width.</param>
/// <param name="Top">Top edge, 0-1 of the height.</param>
/// <param name="Right">Right edge, 0-1 of the width; more than left.</param>
/// <param name="Bottom">Bottom edge, 0-1 of the height; more than top.</param>
public sealed record BoxRequest(double? Left, double? Top, double? Right, double? Bottom);

/// <summary>Asks for the preview of a page: the same options as <c>POST /api/jobs</c>.</summary>
/// <param name="AssetId">The <c>assetId</c> from <c>POST /api/upload</c>.</param>
/// <param name="Preset"><c>toddler</c> (ages 3-5), <c>kids</c> (6-8) or <c>detailed</c> (9 and up).</param>
/// <param name="LinePt">Line weight in points, 0.5 to 12; the preset's own weight when left out.</param>
/// <param name="Paper"><c>a4</c> (the default) or <c>letter</c>.</param>
/// <param name="Detail">Fewer (-2) to more (+2) shapes within the preset; 0 (the default) is the preset's own.</param>
/// <param name="Background"><c>auto</c> (the default), <c>keep</c>, <c>simplify</c> or <c>leave-out</c>: what happens outside the subject.</param>
/// <param name="Subject">Where the subject is, in 0-1 of the turned and cropped photo; left out, the engine looks for it.</param>
/// <param name="Crop">The part of the turned photo to use, in 0-1 of it; left out, all of it.</param>
/// <param name="Turns">Clockwise quarter turns of the photo, 0 (the default) to 3, applied first.</param>
public sealed record PreviewRequest(Guid? AssetId, string? Preset, double? LinePt = null, string? Paper = null, double? Detail = null,
    string? Background = null, BoxRequest? Subject = null, BoxRequest? Crop = null, int? Turns = null);

/// <summary>Reads the page options that <c>POST /api/previews</c> and <c>POST /api/jobs</c> share, naming the field at fault.</summary>
internal static class PageOptionsReading
{
    public static (PageOptions? Options, ValidationProblem? Problem) Read(string? presetText, double? linePt, string? paperText, double? detail,
        string? backgroundText, BoxRequest? subjectBox, BoxRequest? cropBox, int? turns)
    {
        if (!PageOptionNames.TryParsePreset(presetText, out var preset))
        {
            return (null, ApiProblems.Invalid("preset", "Choose toddler, kids or detailed."));
        }

        var paper = Paper.A4;
        if (paperText is not null && !PageOptionNames.TryParsePaper(paperText, out paper))
        {
            return (null, ApiProblems.Invalid("paper", "Choose a4 or letter."));
        }

        var background = BackgroundMode.Auto;
        if (backgroundText is not null && !PageOptionNames.TryParseBackground(backgroundText, out background))
        {
            return (null, ApiProblems.Invalid("background", "Choose auto, keep, simplify or leave-out."));
        }

        try
        {
            var subject = Box(subjectBox, "subject", (l, t, r, b) => new SubjectBox(l, t, r, b));
            var crop = Box(cropBox, "crop", (l, t, r, b) => new CropBox(l, t, r, b));
            return (Field("", () => new PageOptions(preset, paper, linePt, subject, background, detail ?? 0, turns ?? 0, crop)), null);
        }
        catch (OptionException ex)
        {
            return (null, ApiProblems.Invalid(ex.Field, ex.Message));
        }
    }

    private static T? Box<T>(BoxRequest? box, string name, Func<double, double, double, double, T> make) where T : class
    {
        if (box is null)
        {
            return null;
        }

        foreach (var (side, value) in new[] { ("left", box.Left), ("top", box.Top), ("right", box.Right), ("bottom", box.Bottom) })
        {
            if (value is null)
            {
                throw new OptionException($"{name}.{side}", $"Give the {name}'s {side}, a number from 0 to 1.");
            }
        }

        return Field(name + ".", () => make(box.Left!.Value, box.Top!.Value, box.Right!.Value, box.Bottom!.Value));
    }

    /// <summary>Runs an engine constructor, turning its argument exception into the request's field name
    /// ("Detail" → "detail", a crop's "Right" → "crop.right").</summary>
    private static T Field<T>(string prefix, Func<T> make)
    {
        try
        {
            return make();
        }
        catch (ArgumentException ex) when (ex.ParamName is { Length: > 0 } param)
        {
            var message = ex is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter", 2)[0] : ex.Message.Split(" (Parameter", 2)[0];
            throw new OptionException(prefix + char.ToLowerInvariant(param[0]) + param[1..], message.Split(Environment.NewLine, 2)[0]);
        }
    }

    private sealed class OptionException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

public static class PreviewsApi
{
    public static void MapPreviewsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/previews", PreviewAsync)
            .WithTags("Pages")
            .Accepts<PreviewRequest>("application/json")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Preview a page")
            .WithDescription("Free: the page these options would make from your photo, as a PNG about 1024 px on its long side with a light "
                + "\"Preview\" mark (never the print-size file; POST /api/jobs makes that). Another person's photo is 404. "
                + "Limited to 600 previews per hour per person (429 with Retry-After); refused requests do not count.");
    }

    // IResult rather than Results<FileContentHttpResult, ...>: the file result would describe its 200 as
    // application/octet-stream in the OpenAPI document; the answers are described above instead.
    private static async Task<IResult> PreviewAsync(HttpContext http, PagePreviews previews)
    {
        var (request, problem) = await ApiJson.ReadAsync<PreviewRequest>(http);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.AssetId is not { } assetId)
        {
            return ApiProblems.Invalid("assetId", "Give the assetId of an uploaded photo.");
        }

        var (options, invalid) = PageOptionsReading.Read(request.Preset, request.LinePt, request.Paper, request.Detail, request.Background,
            request.Subject, request.Crop, request.Turns);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await previews.PreviewAsync(http.User.GetUserId(), assetId, options!, http.RequestAborted);
        return result.Outcome switch
        {
            PreviewOutcome.Made => TypedResults.File(result.Png!, "image/png"),
            PreviewOutcome.PhotoNotFound => ApiProblems.NotFound("There is no such photo. Upload it (again) with POST /api/upload."),
            PreviewOutcome.TooManyPreviews => ApiProblems.TooMany(http, result.RetryAfterSeconds, result.Message!),
            _ => ApiProblems.Invalid(result.Field ?? "body", result.Message ?? "Not a valid page."),
        };
    }
}
