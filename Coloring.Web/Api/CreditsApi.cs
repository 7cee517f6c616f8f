using Coloring.Domain.Credits;
using Coloring.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coloring.Web.Api;

/// <summary>One change of the balance.</summary>
/// <param name="Delta">Credits added (positive) or taken (negative).</param>
/// <param name="Reason">Why: signupGrant, jobDebit, jobRefund, adminGrant or purchase.</param>
/// <param name="JobId">The page it was for, if any.</param>
/// <param name="CreatedAt">When.</param>
public sealed record CreditEventView(int Delta, CreditReason Reason, Guid? JobId, DateTimeOffset CreatedAt);

/// <summary>The balance and one page of its history, newest first.</summary>
public sealed record CreditsView(int Balance, int Page, int PageSize, int Total, IReadOnlyList<CreditEventView> Events);

public static class CreditsApi
{
    public static void MapCreditsApi(this RouteGroupBuilder api) =>
        api.MapGet("/credits", GetAsync)
            .WithSummary("Your balance and its history")
            .WithDescription("page starts at 1; pageSize is 1 to 100 (20 unless given).")
            .WithTags("Credits");

    private static async Task<Results<Ok<CreditsView>, ValidationProblem>> GetAsync(HttpContext http, CreditLedger ledger, int? page, int? pageSize)
    {
        if (JobsApi.PagingProblem(page, pageSize) is { } problem)
        {
            return problem;
        }

        var (number, size) = (page ?? 1, pageSize ?? 20);
        var history = await ledger.GetHistoryAsync(http.User.GetUserId(), number - 1, size, http.RequestAborted);
        return TypedResults.Ok(new CreditsView(history.Balance, number, size, history.Total,
            history.Events.Select(e => new CreditEventView(e.Delta, e.Reason, e.JobId, e.CreatedAt)).ToList()));
    }
}
