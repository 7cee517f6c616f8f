using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Coloring.Domain.Export;

/// <summary>
/// Prints a user's finished pages as one PDF: a single page, or a book with an optional cover and page numbers.
/// Only the owner's pages can be printed (anyone else's answer "not found", as unknown ones do). Exporting costs
/// no credit; a user whose balance is 0 gets the free-tier note on every sheet. The document is made whole in
/// memory and handed back only when every page is in it.
/// </summary>
public sealed class PdfExports(
    IDbContextFactory<ColoringDbContext> dbFactory,
    AssetStore assets,
    CreditLedger ledger,
    TimeProvider clock,
    ILogger<PdfExports> logger)
{
    /// <summary>Most pages in one book.</summary>
    public const int MaxPages = 50;

    // Drawing is CPU work: at most one export per core at a time, so a burst of books cannot exhaust memory.
    private static readonly SemaphoreSlim Drawing = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary>
    /// Checks the request on its own (page count, paper, orientation, title, cover), without looking at any page.
    /// Null when it is fine, otherwise what is wrong, in words a person understands. The dialogs use it as the
    /// person types; <see cref="ExportAsync"/> checks it again.
    /// </summary>
    public static string? Validate(PdfExportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.JobIds is not { Count: > 0 })
        {
            return "Choose at least one page.";
        }

        if (request.JobIds.Count > MaxPages)
        {
            return $"A book can hold at most {MaxPages} pages; you chose {request.JobIds.Count}.";
        }

        if (!Enum.IsDefined(request.Paper))
        {
            return "Choose A4 or Letter paper.";
        }

        if (!Enum.IsDefined(request.Orientation))
        {
            return "Choose automatic, portrait or landscape.";
        }

        if (!ExportTitle.TryNormalize(request.Title, out var title, out var error))
        {
            return error;
        }

        return request.Cover && title is null ? "A cover page needs a title." : null;
    }

    /// <summary>Makes the PDF, or says why not. Never charges a credit.</summary>
    public async Task<PdfExportResult> ExportAsync(Guid userId, PdfExportRequest request, CancellationToken cancellationToken = default)
    {
        if (Validate(request) is { } invalid)
        {
            return PdfExportResult.Fail(PdfExportError.Invalid, invalid);
        }

        ExportTitle.TryNormalize(request.Title, out var title, out _);
        var ids = request.JobIds.Distinct().ToList();
        Dictionary<Guid, Job> jobs;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            jobs = await db.Jobs.AsNoTracking()
                .Where(j => j.UserId == userId && ids.Contains(j.Id))
                .ToDictionaryAsync(j => j.Id, cancellationToken);
        }

        foreach (var id in request.JobIds)
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                return PdfExportResult.Fail(PdfExportError.NotFound, request.IsBook ? "One of the pages was not found. It may have been deleted." : "That page was not found.");
            }

            if (job.Status != JobStatus.Succeeded)
            {
                return PdfExportResult.Fail(PdfExportError.NotFinished, job.Status switch
                {
                    JobStatus.Queued or JobStatus.Running => "A page is still being made. Export it when it is ready.",
                    _ => "A page could not be made, so there is nothing to print.",
                });
            }
        }

        var drawings = new Dictionary<Guid, PageStrokes>();
        foreach (var id in ids)
        {
            var drawing = await ReadDrawingAsync(userId, jobs[id], cancellationToken);
            if (drawing is null)
            {
                return PdfExportResult.Fail(PdfExportError.Unavailable, "A page's drawing has expired or cannot be read. Make the page again to print it.");
            }

            drawings[id] = drawing;
        }

        // The balance is read at export time: the note appears exactly when it is 0 now.
        var watermark = await ledger.GetBalanceAsync(userId, cancellationToken) == 0;
        var fallback = request.IsBook ? "coloring-book" : "coloring-page";
        var layout = new PdfLayout(
            request.Paper,
            request.Orientation,
            title,
            request.Cover,
            PageNumbers: request.IsBook,
            watermark,
            DocumentTitle: title ?? (request.IsBook ? "Coloring book" : "Coloring page"),
            CreatedAt: clock.GetUtcNow());

        await Drawing.WaitAsync(cancellationToken);
        byte[] pdf;
        try
        {
            pdf = await Task.Run(() => PdfExporter.Write(layout, request.JobIds.Select(id => drawings[id]).ToList()), cancellationToken);
        }
        finally
        {
            Drawing.Release();
        }

        return PdfExportResult.Ok(pdf, ExportTitle.FileName(title, fallback), request.JobIds.Count + (request.Cover ? 1 : 0), watermark);
    }

    private async Task<PageStrokes?> ReadDrawingAsync(Guid userId, Job job, CancellationToken cancellationToken)
    {
        var svg = job.SvgAssetId is { } svgId ? await assets.FindAsync(svgId, userId, cancellationToken) : null;
        if (svg is null || svg.Bytes > PageStrokes.MaxSvgBytes)
        {
            return null;
        }

        var bytes = await assets.ReadAllAsync(svg, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return PageStrokes.ReadSvg(bytes);
        }
        catch (FormatException ex)
        {
            logger.LogWarning(ex, "The drawing of job {JobId} could not be read", job.Id);
            return null;
        }
    }
}
