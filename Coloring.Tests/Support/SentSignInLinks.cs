using System.Collections.Concurrent;
using Coloring.Domain.Accounts;

namespace Coloring.Tests.Support;

/// <summary>
/// The e-mail edge for domain tests: issues the link for real (through <see cref="SignInLinks"/>) and keeps what would
/// have been e-mailed, instead of writing the e-mail. The app's tests send real e-mail over SMTP.
/// </summary>
public sealed class SentSignInLinks(SignInLinks links) : ISignInLinkMailer
{
    public ConcurrentQueue<(string Email, string? ReturnUrl)> Sent { get; } = new();

    public async Task SendAsync(string email, string? returnUrl, CancellationToken cancellationToken = default)
    {
        await links.IssueAsync(email, returnUrl, cancellationToken);
        Sent.Enqueue((email, returnUrl));
    }
}
