using Coloring.Domain.Export;

namespace Coloring.Domain.Sharing;

/// <summary>A printed page for its owner, or why there is none.</summary>
/// <param name="FromAnotherSite">Refused because the request did not come from this site's own Print button.</param>
public sealed record PagePrintResult(PdfExportResult? Pdf, bool FromAnotherSite = false, string? Message = null)
{
    public bool Succeeded => Pdf is { Succeeded: true };
}

/// <summary>
/// The Print button on a page (<c>GET /jobs/{id}/print.pdf</c>): the owner's page as a PDF for the browser to show.
/// Only this site's own button may ask: a link or a frame on another site must not use up the person's PDFs (their
/// PDF limit is counted as for any export).
/// </summary>
public sealed class PagePrints(PdfExports exports)
{
    /// <summary>
    /// Prints <paramref name="jobId"/> for <paramref name="userId"/>; <paramref name="fromThisSite"/> is whether the
    /// browser said the request came from this site (or was typed in), which the web layer reads from the request.
    /// </summary>
    public async Task<PagePrintResult> PrintAsync(Guid userId, Guid jobId, bool fromThisSite, CancellationToken cancellationToken = default)
    {
        if (!fromThisSite)
        {
            return new PagePrintResult(null, FromAnotherSite: true, Message: "Open your page and press Print there.");
        }

        var pdf = await exports.ExportAsync(userId, new PdfExportRequest([jobId]), cancellationToken);
        return new PagePrintResult(pdf, Message: pdf.Succeeded ? null : pdf.Message ?? "The PDF could not be made.");
    }
}
