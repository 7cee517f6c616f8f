using Coloring.Domain.Accounts;
using Coloring.Web.Email;
using Coloring.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Accounts;

/// <summary>Makes a sign-in link and puts the e-mail that carries it into the outbox.</summary>
public sealed class SignInLinkSender(
    SignInLinks links,
    EmailOutbox outbox,
    IOptions<AppOptions> app,
    TimeProvider clock,
    ILogger<SignInLinkSender> logger) : ISignInLinkMailer
{
    /// <summary>
    /// Sends a link to <paramref name="email"/>. Known and unknown addresses are treated alike (an account
    /// is made when the link is used), so the answer never tells whether someone has an account.
    /// </summary>
    public async Task SendAsync(string email, string? returnUrl, CancellationToken cancellationToken = default)
    {
        var issued = await links.IssueAsync(email, LocalUrl.IsLocal(returnUrl) ? returnUrl : null, cancellationToken);
        var link = app.Value.Link($"/account/magic?token={issued.Token}");
        var minutes = (int)Math.Round((issued.ExpiresAt - clock.GetUtcNow()).TotalMinutes);
        if (!outbox.TryEnqueue(SignInEmail.Compose(issued.Email, link, minutes)))
        {
            logger.LogError("The e-mail outbox is full; a sign-in link was not sent");
        }
    }
}
