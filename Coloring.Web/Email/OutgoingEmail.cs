namespace Coloring.Web.Email;

/// <summary>One message to one person, with files attached when there are any.</summary>
public sealed record OutgoingEmail(string To, string Subject, string TextBody, string HtmlBody, IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>A file sent with a message, such as a page's PDF.</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Delivers a message: over SMTP, or into the development mailbox.</summary>
public interface IMailTransport
{
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken);
}
