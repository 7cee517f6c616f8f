namespace Coloring.Domain.Payments;

/// <summary>Where a purchase stands.</summary>
public enum PaymentStatus
{
    /// <summary>A checkout session was made; nothing was paid yet.</summary>
    Open,

    /// <summary>Paid and its credits granted (or, for a deleted person, recorded without a grant).</summary>
    Paid,

    /// <summary>Paid back; the credits still left were taken back.</summary>
    Refunded,

    /// <summary>The card holder's bank disputed it; the credits still left were taken back.</summary>
    Disputed,

    /// <summary>Stripe said paid, but not the pack's price or currency: nothing was granted; an admin should look.</summary>
    Mismatched,
}

/// <summary>
/// One Stripe Checkout purchase of a credit pack, keyed on the checkout session's id, so every delivery of the
/// same event finds the same row and grants at most once.
/// </summary>
public class Payment
{
    public Guid Id { get; set; }

    /// <summary>Stripe's checkout session id (<c>cs_…</c>); unique.</summary>
    public required string CheckoutSessionId { get; set; }

    /// <summary>The buyer; null once the account was deleted (the payment stays for the books).</summary>
    public Guid? UserId { get; set; }

    public required string PackId { get; set; }

    /// <summary>The credits the pack gives.</summary>
    public int Credits { get; set; }

    /// <summary>The price in minor units, as the pack named it when the session was made.</summary>
    public long Amount { get; set; }

    public required string Currency { get; set; }

    public PaymentStatus Status { get; set; }

    public string? StripeCustomerId { get; set; }

    public string? PaymentIntentId { get; set; }

    /// <summary>Credits taken back after a refund or dispute.</summary>
    public int CreditsTakenBack { get; set; }

    /// <summary>Credits a refund or dispute could not take back because they were already spent.</summary>
    public int CreditsNotTakenBack { get; set; }

    /// <summary>What an admin should know (a price that did not match, a deleted buyer); null when all is well.</summary>
    public string? Problem { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>When it was refunded or disputed.</summary>
    public DateTimeOffset? ReversedAt { get; set; }
}
