using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Web.Accounts;
using Coloring.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Admin;

/// <summary>
/// <c>/api/admin/*</c>: the admin pages' actions for scripts. Whoever is not an admin right now (read from the
/// database) gets 404 on every route, as on the pages: first from <see cref="UseAdminApiGate"/>, before anything
/// is bound, then from an endpoint filter on the group. The actions check again inside their transaction
/// (<see cref="AdminActions"/>). Lists count pages from 1, like the rest of the API.
/// </summary>
public static class AdminApi
{
    /// <summary>A credit change.</summary>
    /// <param name="Amount">Positive adds, negative removes; at most 1,000 either way.</param>
    /// <param name="Reason">Required; kept in the audit log and shown to the user.</param>
    /// <param name="RequestId">The same id sent twice changes the balance once.</param>
    public sealed record CreditChange(int Amount, string? Reason, Guid? RequestId);

    /// <param name="Reason">Optional; kept in the audit log.</param>
    public sealed record LockChange(string? Reason);

    /// <param name="Enabled">On or off.</param>
    /// <param name="Message">The text the flag shows, for flags that have one.</param>
    public sealed record FlagChange(bool Enabled, string? Message);

    /// <summary>An action that was done; the message says more when there is more to say ("Already an admin.").</summary>
    public sealed record Outcome(string? Message);

    /// <summary>One page of a list, newest first.</summary>
    public sealed record AdminList<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);

    /// <summary>A user's balance and one page of their ledger, newest first.</summary>
    public sealed record LedgerList(int Balance, int Page, int PageSize, int Total, IReadOnlyList<CreditEvent> Items);

    /// <summary>A flag with what it does and its current setting.</summary>
    public sealed record FlagView(string Key, string Name, string Effect, string? MessageLabel, bool Enabled, string? Message, DateTimeOffset? UpdatedAt, string? UpdatedBy);

    /// <summary>The storage page's figures and when the next cleanup runs.</summary>
    public sealed record StorageView(
        IReadOnlyList<BucketUsage> Buckets, IReadOnlyList<BucketUsage> ExpiringSoon, CleanupRun? LastCleanup, IReadOnlyList<CleanupRun> RecentCleanups, DateTimeOffset? NextCleanup);

    private const int DefaultPageSize = 25;

    private const string PagingNote = "page starts at 1; pageSize is 1 to 100 (25 unless given).";

    private const string ActorItem = "Coloring.AdminActor";

    /// <summary>
    /// Answers 404 to every <c>/api/admin</c> request from someone who is not an admin right now, before routing
    /// binds anything: a stranger's malformed body is a 404 too, not a 400 that tells them the route exists. Call
    /// after authentication.
    /// </summary>
    public static void UseAdminApiGate(this WebApplication app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/admin"), admin => admin.Use(async (http, next) =>
        {
            var actor = await http.RequestServices.GetRequiredService<AdminAccess>().FindAdminAsync(http.User.FindUserId(), http.RequestAborted);
            if (actor is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Items[ActorItem] = actor;
            await next(http);
        }));

    public static void MapAdminApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/admin")
            .WithTags("Admin")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter(OnlyAdminsAsync)
            .AddEndpointFilter<CrossSiteFilter>();

        api.MapGet("/dashboard", async (AdminDashboard dashboard, CancellationToken ct) => TypedResults.Ok(await dashboard.GetAsync(ct)))
            .WithSummary("The dashboard's figures");

        api.MapGet("/users", ListUsersAsync)
            .WithSummary("Users, newest first")
            .WithDescription("email: part of the address. " + PagingNote);
        api.MapGet("/users/{id:guid}", async Task<Results<Ok<UserDetail>, ProblemHttpResult>> (Guid id, AdminUsers users, CancellationToken ct) =>
                await users.FindAsync(id, ct) is { } user ? TypedResults.Ok(user) : ApiProblems.NotFound("There is no such user."))
            .WithSummary("One user");
        api.MapGet("/users/{id:guid}/ledger", LedgerAsync)
            .WithSummary("A user's balance and credit history, newest first")
            .WithDescription(PagingNote);
        api.MapPost("/users/{id:guid}/credits", async (Guid id, CreditChange change, HttpContext http, AdminUsers users, CancellationToken ct) =>
                ToResult(await users.ChangeCreditsAsync(ActorOf(http).Id, id, change.Amount, change.Reason, change.RequestId ?? Guid.NewGuid(), ct)))
            .WithSummary("Add or remove credits")
            .WithDescription("Never below 0. Send the same requestId again to retry safely.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/users/{id:guid}/lock", async (Guid id, LockChange? change, HttpContext http, AdminUsers users, CancellationToken ct) =>
                ToResult(await users.SetLockedAsync(ActorOf(http).Id, id, true, change?.Reason, ct)))
            .WithSummary("Lock a user: no sign-in, open sessions end within a minute")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/users/{id:guid}/unlock", async (Guid id, LockChange? change, HttpContext http, AdminUsers users, CancellationToken ct) =>
                ToResult(await users.SetLockedAsync(ActorOf(http).Id, id, false, change?.Reason, ct)))
            .WithSummary("Unlock a user")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPut("/users/{id:guid}/admin", async (Guid id, HttpContext http, AdminUsers users, CancellationToken ct) =>
                ToResult(await users.SetAdminAsync(ActorOf(http).Id, id, true, ct)))
            .WithSummary("Make a user an admin")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapDelete("/users/{id:guid}/admin", async (Guid id, HttpContext http, AdminUsers users, CancellationToken ct) =>
                ToResult(await users.SetAdminAsync(ActorOf(http).Id, id, false, ct)))
            .WithSummary("Take the admin role away")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/jobs", ListJobsAsync)
            .WithSummary("Every user's jobs, newest first")
            .WithDescription("Filters: status (queued, running, succeeded, failed, canceled), user (part of the e-mail), userId, from, until. "
                + PagingNote);
        api.MapGet("/jobs/{id:guid}", async Task<Results<Ok<JobRow>, ProblemHttpResult>> (Guid id, AdminJobs jobs, CancellationToken ct) =>
                await jobs.FindAsync(id, ct) is { } job ? TypedResults.Ok(job) : ApiProblems.NotFound("There is no such job."))
            .WithSummary("Any user's job");
        api.MapPost("/jobs/{id:guid}/retry", async (Guid id, HttpContext http, AdminJobs jobs, CancellationToken ct) =>
                ToResult(await jobs.RetryAsync(ActorOf(http).Id, id, ct)))
            .WithSummary("Queue a failed job again, without charging again")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/jobs/{id:guid}/cancel", async (Guid id, HttpContext http, AdminJobs jobs, CancellationToken ct) =>
                ToResult(await jobs.CancelAsync(ActorOf(http).Id, id, ct)))
            .WithSummary("Cancel a queued job and refund its credit")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/flags", async (FeatureFlags flags, CancellationToken ct) =>
            {
                var snapshot = await flags.GetAsync(ct);
                return TypedResults.Ok(FeatureFlags.Known.Select(d =>
                {
                    var state = snapshot[d.Key];
                    return new FlagView(d.Key, d.Name, d.Effect, d.MessageLabel, state.Enabled, state.Message, state.UpdatedAt, state.UpdatedBy);
                }).ToList());
            })
            .WithSummary("The feature flags and their settings");
        api.MapPut("/flags/{key}", async (string key, FlagChange change, HttpContext http, FeatureFlags flags, CancellationToken ct) =>
                ToResult(await flags.SetAsync(ActorOf(http).Id, key, change.Enabled, change.Message, ct)))
            .WithSummary("Turn a flag on or off, on every instance at once")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/storage", async (StorageReport report, CleanupSchedule schedule, CancellationToken ct) =>
            {
                var figures = await report.GetAsync(ct);
                return TypedResults.Ok(new StorageView(figures.Buckets, figures.ExpiringSoon, figures.LastCleanup, figures.RecentCleanups, await schedule.NextRunAsync(ct)));
            })
            .WithSummary("Files and bytes per bucket, and the cleanup's passes");
        api.MapPost("/storage/cleanup", async Task<Results<Ok<CleanupRun>, Ok<Outcome>, ProblemHttpResult>> (HttpContext http, StorageReport report, CancellationToken ct) =>
            {
                var (result, run) = await report.RunCleanupAsync(ActorOf(http).Id, ct);
                return result.Succeeded && run is not null ? TypedResults.Ok(run) : Problem(result);
            })
            .WithSummary("Run the cleanup now")
            .WithDescription("409 while a pass is running on any instance.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/audit", ListAuditAsync)
            .WithSummary("The audit log, newest first")
            .WithDescription("action: an action (credits.grant) or its family (credits); actor: part of the admin's e-mail; user: the user acted on; from, until. "
                + PagingNote);
    }

    private static async Task<Results<Ok<AdminList<UserSummary>>, ValidationProblem>> ListUsersAsync(
        string? email, int? page, int? pageSize, AdminUsers users, CancellationToken ct) =>
        JobsApi.PagingProblem(page, pageSize) is { } problem ? problem
            : TypedResults.Ok(List(page, pageSize, await users.SearchAsync(email, Index(page), pageSize ?? DefaultPageSize, ct)));

    private static async Task<Results<Ok<LedgerList>, ValidationProblem, ProblemHttpResult>> LedgerAsync(
        Guid id, int? page, int? pageSize, AdminUsers users, CreditLedger ledger, CancellationToken ct)
    {
        if (JobsApi.PagingProblem(page, pageSize) is { } problem)
        {
            return problem;
        }

        if (await users.FindAsync(id, ct) is null)
        {
            return ApiProblems.NotFound("There is no such user.");
        }

        var history = await ledger.GetHistoryAsync(id, Index(page), pageSize ?? DefaultPageSize, ct);
        return TypedResults.Ok(new LedgerList(history.Balance, page ?? 1, pageSize ?? DefaultPageSize, history.Total, history.Events));
    }

    private static async Task<Results<Ok<AdminList<JobRow>>, ValidationProblem>> ListJobsAsync(
        string? status, string? user, Guid? userId, DateTimeOffset? from, DateTimeOffset? until, int? page, int? pageSize, AdminJobs jobs, CancellationToken ct)
    {
        if (JobsApi.PagingProblem(page, pageSize) is { } problem)
        {
            return problem;
        }

        JobStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(status, out _))
            {
                return ApiProblems.Invalid("status", $"Unknown status. Use one of: {string.Join(", ", Enum.GetNames<JobStatus>())}.");
            }

            parsed = value;
        }

        var found = await jobs.ListAsync(new JobFilter(parsed, user, userId, from, until), Index(page), pageSize ?? DefaultPageSize, ct);
        return TypedResults.Ok(List(page, pageSize, found));
    }

    private static async Task<Results<Ok<AdminList<AuditEntry>>, ValidationProblem>> ListAuditAsync(
        string? action, string? actor, Guid? user, DateTimeOffset? from, DateTimeOffset? until, int? page, int? pageSize, AuditLog log, CancellationToken ct) =>
        JobsApi.PagingProblem(page, pageSize) is { } problem ? problem
            : TypedResults.Ok(List(page, pageSize, await log.ListAsync(new AuditFilter(action, actor, user, from, until), Index(page), pageSize ?? DefaultPageSize, ct)));

    /// <summary>The domain's page index (from 0) for the API's page number (from 1).</summary>
    private static int Index(int? page) => (page ?? 1) - 1;

    private static AdminList<T> List<T>(int? page, int? pageSize, Slice<T> slice) => new(page ?? 1, pageSize ?? DefaultPageSize, slice.Total, slice.Items);

    /// <summary>404 unless the gate found an admin for this request.</summary>
    private static async ValueTask<object?> OnlyAdminsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Items[ActorItem] is AdminActor ? await next(context) : ApiProblems.NotFound();

    private static AdminActor ActorOf(HttpContext http) => (AdminActor)http.Items[ActorItem]!;

    /// <summary>The one mapping of an admin action's outcome to HTTP.</summary>
    private static Results<Ok<Outcome>, ProblemHttpResult> ToResult(AdminResult result) =>
        result.Succeeded ? TypedResults.Ok(new Outcome(result.Message)) : Problem(result);

    private static ProblemHttpResult Problem(AdminResult result) => result.Outcome switch
    {
        AdminOutcome.NotFound => ApiProblems.NotFound(),
        AdminOutcome.Invalid => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: result.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Message),
    };
}
