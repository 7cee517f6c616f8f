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

    /// <summary>Studio previews per person: enough to drag sliders for a long while, not enough to keep both cores busy.</summary>
    public WindowLimit Previews { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromHours(1) };

    /// <summary>Sign-in links asked for from one network (an IPv4 address or an IPv6 /64), whatever the address.</summary>
    public WindowLimit SignInLinks { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    /// <summary>
    /// Sign-in links for one e-mail address from one network. Kept well under <see cref="SignInLinksPerAddress"/>, so a
    /// stranger asking for someone's address from one network cannot use up that person's links.
    /// </summary>
    public WindowLimit SignInLinksPerAddressAndNetwork { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };

    /// <summary>Sign-in links for one e-mail address from anywhere: bounds the mail sent to one mailbox.</summary>
    public WindowLimit SignInLinksPerAddress { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    /// <summary>PDFs printed per person (a page or a book, from the pages or the API).</summary>
    public WindowLimit PdfExports { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(10) };

    /// <summary>Pages a person sends by e-mail ("E-mail this page"): bounds the mail one account can send to others.</summary>
    public WindowLimit PageEmails { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };

    /// <summary>PDFs opened through share links from one network (an IPv4 address or an IPv6 /64), whoever shared them.</summary>
    public WindowLimit SharedPdfs { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(10) };

    /// <summary>The higher limits for people who have bought credits: a parent making a 10-page book must not wait an hour.</summary>
    public BuyerLimits Buyers { get; set; } = new();

    /// <summary>How long to wait for Redis before counting in memory instead (the site never waits on a stuck Redis).</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    internal bool IsValid() =>
        new[] { Uploads, Generations, Previews, SignInLinks, SignInLinksPerAddressAndNetwork, SignInLinksPerAddress, PdfExports, PageEmails, SharedPdfs, Buyers.Uploads, Buyers.Generations }.All(l => l.PermitLimit >= 1 && l.Window >= TimeSpan.FromSeconds(1))
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
