namespace Coloring.Web.RateLimits;

/// <summary>One limit: at most <see cref="PermitLimit"/> actions per <see cref="Window"/>.</summary>
public sealed class WindowLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

/// <summary>Settings under <c>RateLimits</c>: the abuse limits shared by the pages and the API.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Photo uploads per person.</summary>
    public WindowLimit Uploads { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Pages started per person.</summary>
    public WindowLimit Generations { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };

    /// <summary>Sign-in links asked for, counted per IP address and, separately, per e-mail address.</summary>
    public WindowLimit SignInLinks { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>The higher limits for people who have bought credits: a parent making a 10-page book must not wait an hour.</summary>
    public BuyerLimits Buyers { get; set; } = new();

    /// <summary>How long to wait for Redis before counting in memory instead (the site never waits on a stuck Redis).</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    internal bool IsValid() =>
        new[] { Uploads, Generations, SignInLinks, Buyers.Uploads, Buyers.Generations }.All(l => l.PermitLimit >= 1 && l.Window >= TimeSpan.FromSeconds(1))
        && RedisTimeout > TimeSpan.Zero;
}

/// <summary>Settings under <c>RateLimits:Buyers</c>: the limits for people with a paid purchase.</summary>
public sealed class BuyerLimits
{
    public WindowLimit Uploads { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromHours(1) };

    public WindowLimit Generations { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromHours(1) };
}

/// <summary>The upload and page limits that apply to one person now.</summary>
public sealed record PersonalLimits(WindowLimit Uploads, WindowLimit Generations, bool Buyer);
