using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Web.Accounts;
using Coloring.Web.Api;

namespace Coloring.Web.Admin;

/// <summary>
/// <c>/api/admin/*</c>: the admin pages' actions for scripts. Whoever is not an admin right now (read from the
/// database) gets 404 on every route, as on the pages; the domain services check again inside each change.
/// </summary>
public static class AdminApi
{
    /// <summary>A credit change: positive adds, negative removes. The same <c>RequestId</c> sent twice changes the balance once.</summary>
    public sealed record CreditChange(int Amount, string? Reason, Guid? RequestId);

    public sealed record LockChange(string? Reason);

    public sealed record FlagChange(bool Enabled, string? Message);

    public sealed record Outcome(string? Message);

    private const string ActorItem = "Coloring.AdminActor";

    public static void MapAdminApi(this WebApplication app)
    {
        // Checked before routing binds anything, so a stranger's malformed body is a 404 too, not a 400 that
        // tells them the route exists (the 404 gets the API's usual problem details, like any unknown /api address). The endpoint filter stays as a second lock on every route in the group.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/admin"), admin => admin.Use(async (http, next) =>
        {
            var access = http.RequestServices.GetRequiredService<AdminAccess>();
            var actor = await access.FindAdminAsync(http.User.FindUserId(), http.RequestAborted);
            if (actor is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            http.Items[ActorItem] = actor;
            await next(http);
        }));

        var api = app.MapGroup("/api/admin").AddEndpointFilter(OnlyAdminsAsync).AddEndpointFilter<CrossSiteFilter>();

        api.MapGet("/dashboard", (AdminDashboard dashboard, CancellationToken ct) => dashboard.GetAsync(ct));

        api.MapGet("/users", (string? email, int? page, int? pageSize, AdminUsers users, CancellationToken ct) =>
            users.SearchAsync(email, page ?? 0, pageSize ?? 25, ct));
        api.MapGet("/users/{id:guid}", async (Guid id, AdminUsers users, CancellationToken ct) =>
            await users.FindAsync(id, ct) is { } user ? Results.Ok(user) : Results.NotFound());
        api.MapGet("/users/{id:guid}/ledger", async (Guid id, int? page, int? pageSize, AdminUsers users, CreditLedger ledger, CancellationToken ct) =>
            await users.FindAsync(id, ct) is null ? Results.NotFound() : Results.Ok(await ledger.GetHistoryAsync(id, page ?? 0, pageSize ?? 25, ct)));
        api.MapPost("/users/{id:guid}/credits", async (Guid id, CreditChange change, HttpContext http, AdminUsers users, CancellationToken ct) =>
            ToResult(await users.ChangeCreditsAsync(ActorOf(http).Id, id, change.Amount, change.Reason, change.RequestId ?? Guid.NewGuid(), ct)));
        api.MapPost("/users/{id:guid}/lock", async (Guid id, LockChange? change, HttpContext http, AdminUsers users, CancellationToken ct) =>
            ToResult(await users.SetLockedAsync(ActorOf(http).Id, id, true, change?.Reason, ct)));
        api.MapPost("/users/{id:guid}/unlock", async (Guid id, LockChange? change, HttpContext http, AdminUsers users, CancellationToken ct) =>
            ToResult(await users.SetLockedAsync(ActorOf(http).Id, id, false, change?.Reason, ct)));
        api.MapPut("/users/{id:guid}/admin", async (Guid id, HttpContext http, AdminUsers users, CancellationToken ct) =>
            ToResult(await users.SetAdminAsync(ActorOf(http).Id, id, true, ct)));
        api.MapDelete("/users/{id:guid}/admin", async (Guid id, HttpContext http, AdminUsers users, CancellationToken ct) =>
            ToResult(await users.SetAdminAsync(ActorOf(http).Id, id, false, ct)));

        api.MapGet("/jobs", (string? status, string? user, Guid? userId, DateTimeOffset? from, DateTimeOffset? until, int? page, int? pageSize, AdminJobs jobs, CancellationToken ct) =>
        {
            JobStatus? parsed = null;
            if (!string.IsNullOrEmpty(status))
            {
                if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var value) || !Enum.IsDefined(value) || int.TryParse(status, out _))
                {
                    return Task.FromResult(Results.Problem(statusCode: 400, title: $"Unknown status. Use one of: {string.Join(", ", Enum.GetNames<JobStatus>())}."));
                }

                parsed = value;
            }

            return ListJobsAsync(jobs, new JobFilter(parsed, user, userId, from, until), page ?? 0, pageSize ?? 25, ct);
        });
        api.MapGet("/jobs/{id:guid}", async (Guid id, AdminJobs jobs, CancellationToken ct) =>
            await jobs.FindAsync(id, ct) is { } job ? Results.Ok(job) : Results.NotFound());
        api.MapPost("/jobs/{id:guid}/retry", async (Guid id, HttpContext http, AdminJobs jobs, CancellationToken ct) =>
            ToResult(await jobs.RetryAsync(ActorOf(http).Id, id, ct)));
        api.MapPost("/jobs/{id:guid}/cancel", async (Guid id, HttpContext http, AdminJobs jobs, CancellationToken ct) =>
            ToResult(await jobs.CancelAsync(ActorOf(http).Id, id, ct)));

        api.MapGet("/flags", async (FeatureFlags flags, CancellationToken ct) =>
        {
            var snapshot = await flags.GetAsync(ct);
            return FeatureFlags.Known.Select(d => new { d.Key, d.Name, d.Effect, d.MessageLabel, snapshot[d.Key].Enabled, snapshot[d.Key].Message, snapshot[d.Key].UpdatedAt, snapshot[d.Key].UpdatedBy });
        });
        api.MapPut("/flags/{key}", async (string key, FlagChange change, HttpContext http, FeatureFlags flags, CancellationToken ct) =>
            ToResult(await flags.SetAsync(ActorOf(http).Id, key, change.Enabled, change.Message, ct)));

        api.MapGet("/storage", async (StorageReport report, CleanupSchedule schedule, CancellationToken ct) =>
        {
            var figures = await report.GetAsync(ct);
            return new { figures.Buckets, figures.ExpiringSoon, figures.LastCleanup, figures.RecentCleanups, NextCleanup = await schedule.NextRunAsync(ct) };
        });
        api.MapPost("/storage/cleanup", async (HttpContext http, StorageReport report, CancellationToken ct) =>
        {
            var (result, run) = await report.RunCleanupAsync(ActorOf(http).Id, ct);
            return result.Succeeded ? Results.Ok(run) : ToResult(result);
        });

        api.MapGet("/audit", (string? action, string? actor, Guid? user, DateTimeOffset? from, DateTimeOffset? until, int? page, int? pageSize, AuditLog log, CancellationToken ct) =>
            log.ListAsync(new AuditFilter(action, actor, user, from, until), page ?? 0, pageSize ?? 25, ct));
    }

    private static async Task<IResult> ListJobsAsync(AdminJobs jobs, JobFilter filter, int page, int pageSize, CancellationToken ct) =>
        Results.Ok(await jobs.ListAsync(filter, page, pageSize, ct));

    /// <summary>404 unless the check above found an admin for this request.</summary>
    private static async ValueTask<object?> OnlyAdminsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Items[ActorItem] is AdminActor ? await next(context) : Results.NotFound();

    private static AdminActor ActorOf(HttpContext http) => (AdminActor)http.Items[ActorItem]!;

    private static IResult ToResult(AdminResult result) => result.Outcome switch
    {
        AdminOutcome.Done => Results.Ok(new Outcome(result.Message)),
        AdminOutcome.NotFound => Results.NotFound(),
        AdminOutcome.Invalid => Results.Problem(statusCode: 400, title: result.Message),
        _ => Results.Problem(statusCode: 409, title: result.Message),
    };
}
