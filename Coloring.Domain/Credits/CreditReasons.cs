namespace Coloring.Domain.Credits;

/// <summary>What each ledger line is called, on the person's Credits page and in the admin's view of them alike.</summary>
public static class CreditReasons
{
    /// <summary>The line's name, without its note.</summary>
    public static string Label(CreditReason reason, int delta) => reason switch
    {
        CreditReason.SignupGrant => "Welcome credits",
        CreditReason.JobDebit => "Coloring page made",
        CreditReason.JobRefund => "Refund: the page was not made",
        CreditReason.AdminGrant => delta > 0 ? "Added by support" : "Removed by support",
        CreditReason.Purchase => "Purchase",
        CreditReason.PurchaseReversal => "Purchase taken back",
        _ => reason.ToString(),
    };

    /// <summary>The line's name followed by its note (an admin's reason, what a purchase was), when it has one.</summary>
    public static string Describe(CreditEvent line) =>
        string.IsNullOrWhiteSpace(line.Note) ? Label(line.Reason, line.Delta) : $"{Label(line.Reason, line.Delta)}: {line.Note}";
}
