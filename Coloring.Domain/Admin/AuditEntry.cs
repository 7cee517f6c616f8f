namespace Coloring.Domain.Admin;

/// <summary>
/// One admin action, written in the same transaction as the change it records. Append-only.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>The acting admin; null once that account is deleted (the e-mail stays for the record).</summary>
    public Guid? ActorId { get; set; }

    public required string ActorEmail { get; set; }

    /// <summary>A dotted verb such as <c>credits.grant</c>, <c>user.lock</c>, <c>flag.set</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The user the action was about, when there is one.</summary>
    public Guid? TargetUserId { get; set; }

    /// <summary>What was acted on, such as "job 3f2c…" or "flag generation_enabled".</summary>
    public string? Target { get; set; }

    /// <summary>The admin's reason, required for credit changes.</summary>
    public string? Reason { get; set; }

    /// <summary>A short human-readable description of the change ("balance 3 → 8").</summary>
    public string? Details { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
