namespace Coloring.Domain.RateLimits;

/// <summary>Whether an action may go ahead now, and if not, how long until it may.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allow = new(true, TimeSpan.Zero);

    /// <summary>Whole seconds to wait, at least 1, for a <c>Retry-After</c> header.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>"in a minute", "in 12 minutes", "in 2 hours": when the person can try again, for messages.</summary>
    public string WaitText
    {
        get
        {
            var minutes = (int)Math.Ceiling(RetryAfter.TotalMinutes);
            return minutes switch
            {
                <= 1 => "in a minute",
                <= 90 => $"in {minutes} minutes",
                _ => $"in {(int)Math.Ceiling(RetryAfter.TotalHours)} hours",
            };
        }
    }
}
