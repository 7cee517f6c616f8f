namespace Coloring.Domain.Credits;

/// <summary>
/// The idempotency key of every kind of ledger change. A key names the thing a change is for (a job, a checkout,
/// an admin's request), so a replay of the same change finds its key taken and changes nothing.
/// </summary>
public static class CreditKeys
{
    /// <summary>The sign-up credits, granted once per account.</summary>
    public static string Signup(Guid userId) => $"signup:{userId:N}";

    /// <summary>The charge for a page: the job's id.</summary>
    public static string PageCharge(Guid jobId) => $"job:{jobId:N}";

    /// <summary>The refund for a page that was canceled, deleted while queued, or failed: once per job, whoever refunds it.</summary>
    public static string PageRefund(Guid jobId) => $"refund:{jobId:N}";

    /// <summary>The credits bought in one Stripe checkout.</summary>
    public static string Purchase(string checkoutSessionId) => $"purchase:{checkoutSessionId}";

    /// <summary>The credits taken back after one checkout was refunded or disputed.</summary>
    public static string PurchaseReversal(string checkoutSessionId) => $"reversal:{checkoutSessionId}";

    /// <summary>An admin's change of a user's credits: the id of the form they sent.</summary>
    public static string AdminChange(Guid requestId) => $"admin:{requestId:N}";
}
