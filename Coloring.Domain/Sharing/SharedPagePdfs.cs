using System.Net;
using Coloring.Domain.Export;
using Coloring.Domain.RateLimits;

namespace Coloring.Domain.Sharing;

public enum SharedPdfOutcome
{
    Made,

    /// <summary>The link opens nothing (unknown, malformed, revoked, expired, or its page is gone): 404, all alike.</summary>
    NotFound,

    /// <summary>Many shared PDFs were opened from this network in a short time.</summary>
    TooMany,
}

/// <summary>The PDF, or why there is none; <see cref="Limit"/> says when to try again after <see cref="SharedPdfOutcome.TooMany"/>.</summary>
public sealed record SharedPdfResult(SharedPdfOutcome Outcome, PdfExportResult? Pdf = null, RateLimitDecision? Limit = null, string? Message = null);

/// <summary>
/// A shared page printed as a PDF for anyone with its link (<c>GET /shared/{secret}/page.pdf</c>): on the owner's paper,
/// limited per network (<c>RateLimits:SharedPdfs</c>) as it takes the machine's time, and costing the owner nothing (no
/// credit, nothing from their own PDF limit). A link that opens nothing is not counted against the network.
/// </summary>
public sealed class SharedPagePdfs(ShareLinks links, PdfExports exports, IActionLimits limits)
{
    /// <summary>Opens the link, then counts the network, then makes the PDF.</summary>
    public async Task<SharedPdfResult> MakeAsync(string? secret, IPAddress? from, CancellationToken cancellationToken = default)
    {
        var shared = await links.OpenAsync(secret, cancellationToken);
        if (shared is null)
        {
            return new SharedPdfResult(SharedPdfOutcome.NotFound);
        }

        var decision = await limits.SharedPdfAsync(from, cancellationToken);
        if (!decision.Allowed)
        {
            return new SharedPdfResult(SharedPdfOutcome.TooMany, Limit: decision,
                Message: $"Many PDFs were opened from here in a short time. Try again {decision.WaitText}.");
        }

        var pdf = await exports.ExportSharedAsync(shared.Job.UserId, new PdfExportRequest([shared.Job.Id], shared.Job.Paper, Title: shared.Job.Name), cancellationToken);
        return pdf.Succeeded ? new SharedPdfResult(SharedPdfOutcome.Made, pdf) : new SharedPdfResult(SharedPdfOutcome.NotFound);
    }
}
