using System.Text.Json;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Web.Accounts;
using Coloring.Web.Infrastructure;
using Coloring.Web.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Api;

/// <summary>Starts a page from an uploaded photo.</summary>
/// <param name="AssetId">The <c>assetId</c> from <c>POST /api/upload</c>.</param>
/// <param name="Preset"><c>toddler</c> (ages 3-5), <c>kids</c> (6-8) or <c>detailed</c> (9 and up).</param>
/// <param name="LinePt">Line weight in points, 0.5 to 12; the preset's own weight when left out.</param>
/// <param name="Paper"><c>a4</c> (the default) or <c>letter</c>.</param>
/// <param name="Detail">Fewer (-2) to more (+2) shapes within the preset; 0 (the default) is the preset's own.</param>
/// <param name="Background"><c>auto</c> (the default), <c>keep</c>, <c>simplify</c> or <c>leave-out</c>: what happens outside the subject.</param>
/// <param name="Subject">Where the subject is, in 0-1 of the turned and cropped photo; left out, the engine looks for it.</param>
/// <param name="Crop">The part of the turned photo to use, in 0-1 of it; left out, all of it.</param>
/// <param name="Turns">Clockwise quarter turns of the photo, 0 (the default) to 3, applied first.</param>
public sealed record CreateJobRequest(Guid? AssetId, string? Preset, double? LinePt = null, string? Paper = null, double? Detail = null,
    string? Background = null, BoxRequest? Subject = null, BoxRequest? Crop = null, int? Turns = null);

/// <summary>A page that was queued.</summary>
public sealed record CreatedJob(Guid JobId, JobStatus Status);

/// <summary>Short-lived signed addresses of a finished page's files (no credentials needed to fetch them).</summary>
public sealed record JobDownloads(string? Png, string? Svg, string? Preview, DateTimeOffset ExpiresAt);

/// <summary>A page being made, or made, with every option it was asked with (so a script can ask for another version).</summary>
public sealed record JobView(
    Guid Id,
    JobStatus Status,
    int Progress,
    string? Stage,
    string? Error,
    PageMetrics? Metrics,
    AgePreset Preset,
    Paper Paper,
    double? LinePt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    JobDownloads? Downloads,
    double Detail = 0,
    string Background = "auto",
    SubjectBox? Subject = null,
    CropBox? Crop = null,
    int Turns = 0);

/// <summary>One page of the caller's jobs, newest first.</summary>
public sealed record JobList(int Page, int PageSize, int Total, IReadOnlyList<JobView> Items);

public static class JobsApi
{
    public static void MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Pages");
        jobs.MapPost("/", CreateAsync)
            .Accepts<CreateJobRequest>("application/json")
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Start a page")
            .WithDescription("Spends 1 credit and queues the page; poll GET /api/jobs/{id} until it is finished. 402 when no credit is left. "
                + "Limited to 5 pages per hour per person (429 with Retry-After); refused requests do not count. "
                + "409 when you already have this page (the same photo and options, queued, running or made): nothing is charged.");
        jobs.MapGet("/{id:guid}", FindAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A page and its progress")
            .WithDescription("Status, progress and, once made, signed download links that work for 15 minutes. Another person's page is 404.");
        jobs.MapGet("/", ListAsync)
            .WithSummary("Your pages")
            .WithDescription("Newest first. page starts at 1; pageSize is 1 to 100 (20 unless given).");
    }

    private static async Task<Results<Accepted<CreatedJob>, ValidationProblem, ProblemHttpResult>> CreateAsync(HttpContext http, PageStarts starts)
    {
        var (request, problem) = await ApiJson.ReadAsync<CreateJobRequest>(http);
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

        var result = await starts.StartAsync(http.User.GetUserId(), assetId, options!, cancellationToken: http.RequestAborted);
        return Answer(http, result);
    }

    /// <summary>The HTTP answer for each outcome of starting a page.</summary>
    private static Results<Accepted<CreatedJob>, ValidationProblem, ProblemHttpResult> Answer(HttpContext http, CreateJobResult result) => result.Outcome switch
    {
        CreateJobOutcome.Created => TypedResults.Accepted($"/api/jobs/{result.Job!.Id}", new CreatedJob(result.Job.Id, result.Job.Status)),
        CreateJobOutcome.InvalidLineWeight => ApiProblems.Invalid("linePt", result.Message!),
        CreateJobOutcome.PhotoNotFound => ApiProblems.NotFound("There is no such photo. Upload it (again) with POST /api/upload."),
        CreateJobOutcome.InsufficientCredits => ApiProblems.NoCredits(result.Message!),
        CreateJobOutcome.GenerationPaused => ApiProblems.Paused(result.Message!),
        CreateJobOutcome.TooManyStarts => ApiProblems.TooMany(http, result.RetryAfterSeconds, result.Message!),
        CreateJobOutcome.AlreadyMade => ApiProblems.Conflict(result.Message!),
        _ => ApiProblems.Invalid("body", result.Message ?? "Not a valid page."),
    };

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> FindAsync(
        Guid id, HttpContext http, JobService jobs, FileLinks links, IOptions<AppOptions> app, TimeProvider clock)
    {
        var job = await jobs.FindAsync(id, http.User.GetUserId(), http.RequestAborted);
        return job is null ? ApiProblems.NotFound("There is no such page.") : TypedResults.Ok(View(job, links, app.Value, clock));
    }

    private static async Task<Results<Ok<JobList>, ValidationProblem>> ListAsync(
        HttpContext http, JobService jobs, FileLinks links, IOptions<AppOptions> app, TimeProvider clock, int? page, int? pageSize)
    {
        if (PagingProblem(page, pageSize) is { } problem)
        {
            return problem;
        }

        var (number, size) = (page ?? 1, pageSize ?? 20);
        var found = await jobs.ListAsync(http.User.GetUserId(), number - 1, size, http.RequestAborted);
        return TypedResults.Ok(new JobList(number, size, found.Total, found.Items.Select(j => View(j, links, app.Value, clock)).ToList()));
    }

    /// <summary>The 400 for a page number below 1 or a page size outside 1 to 100, or null when both are fine.</summary>
    internal static ValidationProblem? PagingProblem(int? page, int? pageSize) =>
        page is < 1 ? ApiProblems.Invalid("page", "Pages are numbered from 1.")
        : pageSize is < 1 or > Paging.MaxPageSize ? ApiProblems.Invalid("pageSize", $"pageSize must be between 1 and {Paging.MaxPageSize}.")
        : null;

    private static JobView View(Job job, FileLinks links, AppOptions app, TimeProvider clock)
    {
        JobDownloads? downloads = null;
        if (job.Status == JobStatus.Succeeded)
        {
            string? Link(Guid? assetId, bool download) => assetId is { } asset ? app.Link(links.For(asset, download)) : null;
            downloads = new JobDownloads(Link(job.PageAssetId, true), Link(job.SvgAssetId, true), Link(job.PreviewAssetId, false), clock.GetUtcNow() + FileLinks.DefaultLifetime);
        }

        var options = job.Options;
        return new JobView(job.Id, job.Status, job.Progress, job.Stage, job.Error, Metrics(job.MetricsJson), job.Preset, job.Paper, job.LinePt,
            job.CreatedAt, job.FinishedAt, downloads, options.Detail, options.Background.Name(), options.Subject, options.Crop, options.Turns);
    }

    private static PageMetrics? Metrics(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PageMetrics>(json);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Stored by an older or hand-edited row: metrics are informative, so a bad one reads as none.
            return null;
        }
    }
}
