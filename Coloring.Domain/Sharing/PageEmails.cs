using Coloring.Domain.Accounts;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Domain.RateLimits;

namespace Coloring.Domain.Sharing;

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

/// <summary>A page to send: its PDF, to one canonical address, saying who sent it.</summary>
public sealed record PageEmail(string To, string SenderEmail, string FileName, byte[] Pdf);

/// <summary>Writes and queues the e-mail that carries a page; the web layer implements it over its outbox.</summary>
public interface IPageEmailSender
{
    /// <summary>Queues the e-mail; false when it could not be queued (nothing was sent).</summary>
    bool TryQueue(PageEmail email);
}

/// <summary>
/// "E-mail this page": sends the person's finished page as a PDF to an address they type. The address is taken in its
/// canonical form (so a look-alike goes to the mailbox its characters really name, shown back to the person), the mail
/// carries no text of theirs but the page's name on the PDF, and each person may send a few an hour
/// (<c>RateLimits:PageEmails</c>), so the service cannot be used to send mail to strangers in bulk.
/// </summary>
public sealed class PageEmails(PageGallery gallery, PdfExports exports, IActionLimits limits, IPageEmailSender sender)
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

        if (!sender.TryQueue(new PageEmail(to, senderEmail, pdf.FileName!, pdf.Pdf!)))
        {
            return new EmailPageResult(EmailPageOutcome.NotSent, "The page could not be sent just now. Please try again later.");
        }

        return new EmailPageResult(EmailPageOutcome.Sent, $"The page is on its way to {to}.", to);
    }
}
