using Coloring.Domain.Accounts;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Web.Email;
using Coloring.Web.RateLimits;

namespace Coloring.Web.Sharing;

public enum EmailPageOutcome
{
    Sent,
    InvalidAddress,
    NotFound,

    /// <summary>Not finished, or its drawing expired: there is no PDF to send.</summary>
    NothingToSend,
    TooMany,

    /// <summary>The outbox is full; nothing was queued.</summary>
    NotSent,
}

/// <summary>What happened, in words for the person; <see cref="To"/> is the exact address written to.</summary>
public sealed record EmailPageResult(EmailPageOutcome Outcome, string Message, string? To = null);

/// <summary>
/// "E-mail this page": sends the person's finished page as a PDF to an address they type. The address is taken in its
/// canonical form (so a look-alike goes to the mailbox its characters really name, shown back to the person), the mail
/// carries no text of theirs but the page's name on the PDF, and each person may send a few an hour
/// (<c>RateLimits:PageEmails</c>), so the service cannot be used to send mail to strangers in bulk.
/// </summary>
public sealed class PageMailer(PageGallery gallery, PdfExports exports, ActionLimiter limits, EmailOutbox outbox, ILogger<PageMailer> logger)
{
    /// <summary>Checks in this order, each before anything is spent: the address, the page, the limit; then the PDF is made and queued.</summary>
    public async Task<EmailPageResult> SendAsync(Guid userId, string senderEmail, Guid jobId, string? address, CancellationToken cancellationToken = default)
    {
        var to = address is { Length: <= 320 } ? EmailAddress.Canonicalize(address) : null;
        if (to is null)
        {
            return new EmailPageResult(EmailPageOutcome.InvalidAddress, "Type one e-mail address, such as grandma@example.com.");
        }

        var page = await gallery.FindAsync(userId, jobId, cancellationToken);
        if (page is null)
        {
            return new EmailPageResult(EmailPageOutcome.NotFound, "That page was not found.");
        }

        if (page.Job.Status != JobStatus.Succeeded)
        {
            return new EmailPageResult(EmailPageOutcome.NothingToSend, "Only a finished page can be sent.");
        }

        var decision = await limits.PageEmailAsync(userId, cancellationToken);
        if (!decision.Allowed)
        {
            return new EmailPageResult(EmailPageOutcome.TooMany, $"You have sent several pages in a short time. You can send again {decision.WaitText}.");
        }

        var pdf = await exports.ExportAsync(userId, new PdfExportRequest([jobId], page.Job.Paper, Title: page.Job.Name), cancellationToken);
        if (!pdf.Succeeded)
        {
            var outcome = pdf.Error switch
            {
                PdfExportError.NotFound => EmailPageOutcome.NotFound,
                PdfExportError.TooMany => EmailPageOutcome.TooMany,
                _ => EmailPageOutcome.NothingToSend,
            };
            return new EmailPageResult(outcome, pdf.Message ?? "The PDF could not be made.");
        }

        var text = $"{senderEmail} sent you a coloring page made with Coloring.\n\nIt is attached as a PDF: print it and color it in.\n";
        var html = $"<p>{System.Net.WebUtility.HtmlEncode(senderEmail)} sent you a coloring page made with Coloring.</p><p>It is attached as a PDF: print it and color it in.</p>";
        var email = new OutgoingEmail(to, "A coloring page for you", text, html, [new EmailAttachment(pdf.FileName!, "application/pdf", pdf.Pdf!)]);
        if (!outbox.TryEnqueue(email))
        {
            logger.LogError("The outbox is full; a page e-mail was not sent");
            return new EmailPageResult(EmailPageOutcome.NotSent, "The page could not be sent just now. Please try again later.");
        }

        return new EmailPageResult(EmailPageOutcome.Sent, $"The page is on its way to {to}.", to);
    }
}
