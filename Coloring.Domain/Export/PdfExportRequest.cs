using Coloring.Engine;

namespace Coloring.Domain.Export;

/// <summary>How the pages of a PDF are turned.</summary>
public enum PdfOrientation
{
    /// <summary>Each sheet follows its drawing's shape: wider than tall is landscape.</summary>
    Automatic,
    Portrait,
    Landscape,
}

/// <summary>
/// What a person asks to print: one finished page, or a book of up to <see cref="PdfExports.MaxPages"/> pages
/// in the given order. The same fields as the body of <c>POST /api/pdf/export</c>.
/// </summary>
/// <param name="JobIds">The finished jobs whose pages are printed, in order (a page may appear twice).</param>
/// <param name="Paper">A4 (595 x 842 pt) or Letter (612 x 792 pt).</param>
/// <param name="Orientation">Automatic by each drawing's shape, or chosen for every sheet.</param>
/// <param name="Title">Optional, up to 80 characters: printed above each drawing, or on the cover when there is one.</param>
/// <param name="Cover">Adds a cover sheet with the title (a cover needs a title) and the first page's drawing, small.</param>
/// <param name="BelongsToPage">Adds a "This book belongs to ___" sheet before the pages.</param>
public sealed record PdfExportRequest(
    IReadOnlyList<Guid> JobIds,
    Paper Paper = Paper.A4,
    PdfOrientation Orientation = PdfOrientation.Automatic,
    string? Title = null,
    bool Cover = false,
    bool BelongsToPage = false)
{
    /// <summary>A book has a cover, a name sheet or more than one page; a book's sheets carry page numbers.</summary>
    public bool IsBook => Cover || BelongsToPage || JobIds is { Count: > 1 };

    /// <summary>Reads an orientation by its name (<c>portrait</c>, any case, spaces around ignored), never by number.</summary>
    public static bool TryParseOrientation(string? text, out PdfOrientation orientation)
    {
        foreach (var value in Enum.GetValues<PdfOrientation>())
        {
            if (string.Equals(value.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                orientation = value;
                return true;
            }
        }

        orientation = PdfOrientation.Automatic;
        return false;
    }
}

/// <summary>Why an export was refused.</summary>
public enum PdfExportError
{
    /// <summary>The request itself is wrong: no pages, too many, a bad title, an unknown paper.</summary>
    Invalid,

    /// <summary>A page does not exist or belongs to someone else.</summary>
    NotFound,

    /// <summary>A page is still being made, failed or was canceled.</summary>
    NotFinished,

    /// <summary>A finished page's drawing has expired or cannot be read.</summary>
    Unavailable,

    /// <summary>The person printed many PDFs in a short time; <see cref="PdfExportResult.RetryAfterSeconds"/> says when to try again.</summary>
    TooMany,
}

/// <summary>The PDF and its safe download name, or why there is none. Nothing is ever half made.</summary>
public sealed record PdfExportResult
{
    private PdfExportResult()
    {
    }

    /// <summary>The whole document; null when the export was refused.</summary>
    public byte[]? Pdf { get; private init; }

    /// <summary>A download name without path characters, such as <c>my-book.pdf</c>.</summary>
    public string? FileName { get; private init; }

    /// <summary>Sheets in the document, the cover included.</summary>
    public int Sheets { get; private init; }

    /// <summary>True when the free-tier note was printed (the balance was 0).</summary>
    public bool Watermarked { get; private init; }

    public PdfExportError? Error { get; private init; }

    /// <summary>What went wrong, in words a person understands.</summary>
    public string? Message { get; private init; }

    /// <summary>For <see cref="PdfExportError.TooMany"/>: whole seconds until the person may print again.</summary>
    public int RetryAfterSeconds { get; private init; }

    public bool Succeeded => Pdf is not null;

    public static PdfExportResult Ok(byte[] pdf, string fileName, int sheets, bool watermarked) =>
        new() { Pdf = pdf, FileName = fileName, Sheets = sheets, Watermarked = watermarked };

    public static PdfExportResult Fail(PdfExportError error, string message, int retryAfterSeconds = 0) =>
        new() { Error = error, Message = message, RetryAfterSeconds = retryAfterSeconds };
}
