using Microsoft.AspNetCore.Identity;

namespace Coloring.Domain.Accounts;

/// <summary>A person who signs in by e-mail link. There are no passwords anywhere.</summary>
public class ColoringUser : IdentityUser<Guid>
{
    /// <summary>The name shown in the app bar and on the profile; defaults to the e-mail's local part.</summary>
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>When set, the original photo is deleted as soon as its page is made.</summary>
    public bool DeletePhotosAfterSuccess { get; set; }

    /// <summary>The paper the person prints on, used first on the Create page and in the PDF dialog; null until they choose.</summary>
    public Coloring.Engine.Paper? PreferredPaper { get; set; }

    /// <summary>The person's Stripe Customer (<c>cus_…</c>), made at their first checkout and reused after.</summary>
    public string? StripeCustomerId { get; set; }
}
