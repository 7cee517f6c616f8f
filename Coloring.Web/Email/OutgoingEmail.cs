namespace Coloring.Web.Email;

/// <summary>One message to one person.</summary>
public sealed record OutgoingEmail(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>Delivers a message: over SMTP, or into the development mailbox.</summary>
public interface IMailTransport
{
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
