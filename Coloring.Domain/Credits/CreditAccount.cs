namespace Coloring.Domain.Credits;

/// <summary>A user's spendable balance. The database keeps it at zero or above (CHECK constraint).</summary>
public class CreditAccount
{
    public Guid UserId { get; set; }

    public int Balance { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
