namespace Coloring.Domain.Credits;

/// <summary>Why a balance changed.</summary>
public enum CreditReason
{
    SignupGrant,
    JobDebit,
    JobRefund,
    AdminGrant,
    Purchase,

    /// <summary>A purchase's credits taken back after a refund or a dispute.</summary>
    PurchaseReversal,
}

/// <summary>
/// One append-only line of the ledger. The balance always equals the sum of a user's events;
/// the unique <see cref="IdempotencyKey"/> makes every change safe to replay.
/// </summary>
public class CreditEvent
{
    public long Id { get; set; }

    /// <summary>The owner; null once the account was deleted (events stay for the books).</summary>
    public Guid? UserId { get; set; }

    public int Delta { get; set; }

    public CreditReason Reason { get; set; }

    public Guid? JobId { get; set; }

    /// <summary>Who caused it: "system", or the acting admin's id for admin grants.</summary>
    public required string Actor { get; set; }

    /// <summary>A free-text note, such as an admin's reason.</summary>
    public string? Note { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
