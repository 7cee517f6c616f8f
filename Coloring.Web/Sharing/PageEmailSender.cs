using Coloring.Domain.Sharing;
using Coloring.Web.Email;

namespace Coloring.Web.Sharing;

/// <summary>Writes the e-mail that carries a page (its PDF attached) and puts it into the outbox.</summary>
public sealed class PageEmailSender(EmailOutbox outbox, ILogger<PageEmailSender> logger) : IPageEmailSender
{
    public bool TryQueue(PageEmail email)
    {
        var text = $"{email.SenderEmail} sent you a coloring page made with Coloring.\n\nIt is attached as a PDF: print it and color it in.\n";
        var html = $"<p>{System.Net.WebUtility.HtmlEncode(email.SenderEmail)} sent you a coloring page made with Coloring.</p><p>It is attached as a PDF: print it and color it in.</p>";
        var message = new OutgoingEmail(email.To, "A coloring page for you", text, html, [new EmailAttachment(email.FileName, "application/pdf", email.Pdf)]);
        if (outbox.TryEnqueue(message))
        {
            return true;
        }

        logger.LogError("The outbox is full; a page e-mail was not sent");
        return false;
    }
}
