using System.Net;
using Coloring.Domain.RateLimits;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Accounts;

/// <summary>Sends the e-mail that carries a sign-in link; the web layer writes and queues it.</summary>
public interface ISignInLinkMailer
{
    /// <summary>Issues a link for <paramref name="email"/> and queues the e-mail that carries it.</summary>
    Task SendAsync(string email, string? returnUrl, CancellationToken cancellationToken = default);
}

/// <summary>Why no sign-in link was sent.</summary>
public enum SignInLinkRefusal
{
    /// <summary>Not an e-mail address we can send to.</summary>
    InvalidEmail,

    /// <summary>Many links were asked for in a short time from this network or for this address.</summary>
    TooMany,
}

/// <summary>The canonical address the link went to, or the refusal with the sentence to show.</summary>
public sealed record SignInLinkRequest(string? SentTo, SignInLinkRefusal? Refusal = null, string? Message = null, int RetryAfterSeconds = 0);

/// <summary>
/// Asking for a sign-in link, from the sign-in form or the API: the address, then the limits
/// (by network and by address), then the link. Known and unknown addresses are treated alike, so the answer never tells
/// whether someone has an account.
/// </summary>
public sealed class SignInLinkRequests(IActionLimits limits, ISignInLinkMailer mailer, IOptions<AuthOptions> options)
{
    /// <summary>
    /// Sends a link to the canonical form of <paramref name="email"/> (ADR 0007), which is also the address to show
    /// the person so a typo is easy to spot.
    /// </summary>
    public async Task<SignInLinkRequest> AskAsync(string? email, string? returnUrl, IPAddress? from, CancellationToken cancellationToken = default)
    {
        email = email?.Trim();
        if (!EmailAddress.IsValid(email))
        {
            return new SignInLinkRequest(null, SignInLinkRefusal.InvalidEmail, "Enter an e-mail address such as ann@example.com.");
        }

        var address = EmailAddress.Canonicalize(email) ?? email!;
        var decision = await limits.SignInLinkAsync(from, address, cancellationToken);
        if (!decision.Allowed)
        {
            return new SignInLinkRequest(null, SignInLinkRefusal.TooMany,
                $"Several sign-in links were asked for in a short time. You can ask for another {decision.WaitText}; the last link sent still works for {options.Value.LinkLifetime.TotalMinutes:0} minutes.",
                decision.RetryAfterSeconds);
        }

        // A return address that is not a path on this site (one a stranger wrote into a sign-in URL, say) is left out
        // rather than refused: the person still gets their link, and it can never send them elsewhere.
        await mailer.SendAsync(address, LocalUrl.IsLocal(returnUrl) ? returnUrl : null, cancellationToken);
        return new SignInLinkRequest(address);
    }
}
