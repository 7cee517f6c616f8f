using System.Text;
using Coloring.Engine;
using SkiaSharp;

namespace Coloring.Domain.Export;

/// <summary>How a document is laid out; every text is already checked (see <see cref="ExportTitle"/>).</summary>
/// <param name="Paper">Sheet size.</param>
/// <param name="Orientation">Automatic (each sheet by its drawing's shape) or fixed.</param>
/// <param name="Title">Printed on the cover when there is one, otherwise above each drawing; null for none.</param>
/// <param name="Cover">Starts with a cover sheet showing <paramref name="Title"/>.</param>
/// <param name="PageNumbers">Numbers the coloring sheets in the footer (the cover is not numbered).</param>
/// <param name="Watermark">Prints the free-tier note in the footer of every sheet.</param>
/// <param name="DocumentTitle">The title in the document's properties.</param>
/// <param name="CreatedAt">The creation date in the document's properties.</param>
/// <param name="BelongsToPage">Adds a "This book belongs to" sheet with a line to write a name on, after the cover.</param>
public sealed record PdfLayout(
    Paper Paper,
    PdfOrientation Orientation,
    string? Title,
    bool Cover,
    bool PageNumbers,
    bool Watermark,
    string DocumentTitle,
    DateTimeOffset CreatedAt,
    bool BelongsToPage = false);

/// <summary>
/// Draws coloring pages into a PDF with SkiaSharp's PDF backend. Every drawing is placed as stroked vector paths
/// (never a picture), scaled to fit inside 10 mm margins; text uses the DejaVu Sans font shipped in this assembly.
/// </summary>
public static class PdfExporter
{
    /// <summary>The creator named in every document's properties.</summary>
    public const string Creator = "Coloring";

    /// <summary>The words on the name sheet of a book.</summary>
    public const string BelongsToText = "This book belongs to";

    /// <summary>The free-tier note.</summary>
    public const string WatermarkText = "Made with Coloring - free tier";

    /// <summary>10 mm in points.</summary>
    public const float Margin = 72f * 10 / 25.4f;

    private const float TitleSize = 20, TitleMinSize = 4, TitleGap = 10;
    private const float FooterBaseline = 13; // points above the bottom edge, inside the margin
    private const float FooterSize = 8;

    private static readonly SKColor Ink = SKColors.Black;
    private static readonly SKColor Quiet = new(0x55, 0x55, 0x55);
    private static readonly SKColor Light = new(0xA8, 0xA8, 0xA8);

    /// <summary>Sheet size in points: A4 595 x 842, Letter 612 x 792, turned for landscape.</summary>
    public static SKSize SheetSize(Paper paper, bool landscape)
    {
        var (w, h) = paper == Paper.Letter ? (612f, 792f) : (595f, 842f);
        return landscape ? new SKSize(h, w) : new SKSize(w, h);
    }

    /// <summary>Writes the whole document: the cover when asked, then one sheet per page in order.</summary>
    public static byte[] Write(PdfLayout layout, IReadOnlyList<PageStrokes> pages)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(pages);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = layout.DocumentTitle,
            Creator = Creator,
            Producer = Creator,
            Creation = layout.CreatedAt.UtcDateTime,
            Modified = layout.CreatedAt.UtcDateTime,
        };

        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            // Every text the document will carry, so the embedded font holds just those glyphs.
            var coverTitle = PdfFont.Printable(layout.Title ?? layout.DocumentTitle);
            var count = pages.Count == 1 ? "1 page to color" : $"{pages.Count} pages to color";
            using var text = new TextStyle(PdfFont.SubsetFor([coverTitle, "A coloring book", count, "0123456789", WatermarkText, BelongsToText]));

            // Pages are parsed one at a time, so a 50-page book never holds more than two pages of paths.
            Sheet? first = pages.Count > 0 ? new Sheet(pages[0]) : null;
            try
            {
                // The cover and the name sheet turn as the first drawing does (or as every sheet is asked to).
                var frontLandscape = layout.Orientation == PdfOrientation.Landscape
                    || (layout.Orientation == PdfOrientation.Automatic && first is { IsWide: true });
                if (layout.Cover)
                {
                    var size = SheetSize(layout.Paper, frontLandscape);
                    var canvas = document.BeginPage(size.Width, size.Height);
                    DrawCover(canvas, size, coverTitle, count, first, text);
                    DrawFooter(canvas, size, null, layout.Watermark, text);
                    document.EndPage();
                }

                if (layout.BelongsToPage)
                {
                    var size = SheetSize(layout.Paper, frontLandscape);
                    var canvas = document.BeginPage(size.Width, size.Height);
                    DrawBelongsTo(canvas, size, text);
                    DrawFooter(canvas, size, null, layout.Watermark, text);
                    document.EndPage();
                }

                for (var i = 0; i < pages.Count; i++)
                {
                    using var sheet = i == 0 ? first! : new Sheet(pages[i]);
                    var landscape = layout.Orientation switch
                    {
                        PdfOrientation.Landscape => true,
                        PdfOrientation.Portrait => false,
                        _ => sheet.IsWide,
                    };
                    var size = SheetSize(layout.Paper, landscape);
                    var canvas = document.BeginPage(size.Width, size.Height);
                    var top = Margin;
                    if (!layout.Cover && layout.Title is { } title)
                    {
                        top = DrawTitle(canvas, size, title, text);
                    }

                    sheet.Draw(canvas, new SKRect(Margin, top, size.Width - Margin, size.Height - Margin));
                    DrawFooter(canvas, size, layout.PageNumbers ? i + 1 : null, layout.Watermark, text);
                    document.EndPage();
                }
            }
            finally
            {
                first?.Dispose();
            }

            document.Close();
        }

        return output.ToArray();
    }

    /// <summary>Draws the title centred at the top, shrunk to fit one line; returns where the drawing may start.</summary>
    private static float DrawTitle(SKCanvas canvas, SKSize size, string title, TextStyle text)
    {
        var printable = PdfFont.Printable(title);
        if (printable.Length == 0)
        {
            return Margin; // nothing the font can draw (a title all in Chinese, say): the drawing keeps the room
        }

        var maxWidth = size.Width - 2 * Margin;
        using var font = text.Font(TitleSize);
        // Typical titles print at 20 pt; 80 wide letters (WWW...) still fit, at about 6.5 pt.
        var width = font.MeasureText(printable);
        if (width > maxWidth)
        {
            font.Size = Math.Max(TitleMinSize, (float)Math.Floor(TitleSize * maxWidth / width * 4) / 4);
        }

        var baseline = Margin - font.Metrics.Ascent;
        text.Paint.Color = Ink;
        canvas.DrawText(printable, size.Width / 2, baseline, SKTextAlign.Center, font, text.Paint);

        return baseline + font.Metrics.Descent + TitleGap;
    }

    /// <summary>The cover: a double frame, the title, what the book is, and the first page's drawing, small, beneath.</summary>
    private static void DrawCover(SKCanvas canvas, SKSize size, string title, string count, Sheet? art, TextStyle text)
    {
        using var frame = new SKPaint { Color = Ink, Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
        var box = new SKRect(Margin, Margin, size.Width - Margin, size.Height - Margin);
        canvas.DrawRoundRect(box, 18, 18, frame);
        box.Inflate(-8, -8);
        canvas.DrawRoundRect(box, 12, 12, frame);

        var maxWidth = box.Width - 60;
        using var font = text.Font(34);
        var lines = Wrap(title, font, maxWidth);
        while (font.Size > 16 && (lines.Count > 4 || lines.Any(l => font.MeasureText(l) > maxWidth)))
        {
            font.Size -= 2;
            lines = Wrap(title, font, maxWidth);
        }

        var lineHeight = font.Size * 1.25f;
        var y = size.Height * (art is null ? 0.4f : 0.2f) - (lines.Count - 1) * lineHeight / 2;
        text.Paint.Color = Ink;
        foreach (var line in lines)
        {
            canvas.DrawText(line, size.Width / 2, y, SKTextAlign.Center, font, text.Paint);
            y += lineHeight;
        }

        using var small = text.Font(16);
        text.Paint.Color = Quiet;
        y += 18;
        canvas.DrawText("A coloring book", size.Width / 2, y, SKTextAlign.Center, small, text.Paint);
        small.Size = 12;
        canvas.DrawText(count, size.Width / 2, y + 22, SKTextAlign.Center, small, text.Paint);

        if (art is not null)
        {
            // About half the cover's width, centred in the room left under the words.
            var top = y + 50;
            var bottom = box.Bottom - 40;
            var width = box.Width * 0.55f;
            if (bottom - top > 40)
            {
                art.Draw(canvas, new SKRect(size.Width / 2 - width / 2, top, size.Width / 2 + width / 2, bottom));
            }
        }
    }

    /// <summary>"This book belongs to" and a line to write a name on, in the upper third of the sheet.</summary>
    private static void DrawBelongsTo(SKCanvas canvas, SKSize size, TextStyle text)
    {
        using var font = text.Font(28);
        text.Paint.Color = Ink;
        var y = size.Height * 0.35f;
        canvas.DrawText(BelongsToText, size.Width / 2, y, SKTextAlign.Center, font, text.Paint);
        using var line = new SKPaint { Color = Ink, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        var half = Math.Min(size.Width / 2 - 2 * Margin, 220);
        canvas.DrawLine(size.Width / 2 - half, y + 70, size.Width / 2 + half, y + 70, line);
    }

    private static void DrawFooter(SKCanvas canvas, SKSize size, int? pageNumber, bool watermark, TextStyle text)
    {
        var baseline = size.Height - FooterBaseline;
        using var font = text.Font(FooterSize);
        if (pageNumber is { } number)
        {
            text.Paint.Color = Quiet;
            font.Size = 9;
            canvas.DrawText(number.ToString(System.Globalization.CultureInfo.InvariantCulture), size.Width / 2, baseline, SKTextAlign.Center, font, text.Paint);
            font.Size = FooterSize;
        }

        if (watermark)
        {
            text.Paint.Color = Light;
            if (pageNumber is null)
            {
                canvas.DrawText(WatermarkText, size.Width / 2, baseline, SKTextAlign.Center, font, text.Paint);
            }
            else
            {
                canvas.DrawText(WatermarkText, size.Width - Margin, baseline, SKTextAlign.Right, font, text.Paint);
            }
        }
    }

    /// <summary>Breaks text into lines no wider than <paramref name="maxWidth"/> at spaces (a long word stays whole).</summary>
    private static List<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && font.MeasureText(candidate) > maxWidth)
            {
                lines.Add(line.ToString());
                line.Clear().Append(word);
            }
            else
            {
                line.Clear().Append(candidate);
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>The document's typeface and a fill paint for text, reused across sheets.</summary>
    private sealed class TextStyle(SKTypeface face) : IDisposable
    {
        public SKPaint Paint { get; } = new() { Color = Ink, IsAntialias = true, Style = SKPaintStyle.Fill };

        public SKFont Font(float size) => PdfFont.Create(face, size);

        public void Dispose()
        {
            Paint.Dispose();
            face.Dispose();
        }
    }

    /// <summary>One page's strokes parsed into paths (one path per stroke width), with the box they cover.</summary>
    private sealed class Sheet : IDisposable
    {
        private readonly List<(SKPath Path, float Width)> _ink = [];
        private readonly SKRect _bounds;

        public Sheet(PageStrokes page)
        {
            var bounds = SKRect.Empty;
            foreach (var group in page.Strokes.GroupBy(s => s.Width))
            {
                using var builder = new SKPathBuilder();
                foreach (var stroke in group)
                {
                    // A path that does not parse is left out rather than failing the whole page.
                    using var piece = SKPath.ParseSvgPathData(stroke.PathData);
                    if (piece is not null && !piece.IsEmpty)
                    {
                        builder.AddPath(piece);
                    }
                }

                var path = builder.Detach();
                if (path.IsEmpty)
                {
                    path.Dispose();
                    continue;
                }

                _ink.Add((path, group.Key));
                var box = path.TightBounds;
                box.Inflate(group.Key / 2, group.Key / 2);
                bounds = bounds.IsEmpty ? box : SKRect.Union(bounds, box);
            }

            // A page without a line keeps its own shape, so a blank page still comes out the right way round.
            _bounds = !bounds.IsEmpty ? bounds
                : page.Width > 0 && page.Height > 0 ? SKRect.Create(page.Width, page.Height)
                : SKRect.Create(1, 1.414f);
        }

        public bool IsWide => _bounds.Width > _bounds.Height;

        /// <summary>Scales the drawing to fit <paramref name="area"/> (keeping its shape) and centres it there.</summary>
        public void Draw(SKCanvas canvas, SKRect area)
        {
            if (_ink.Count == 0 || area.Width <= 0 || area.Height <= 0)
            {
                return;
            }

            var scale = Math.Min(area.Width / _bounds.Width, area.Height / _bounds.Height);
            using var paint = new SKPaint
            {
                Color = Ink,
                Style = SKPaintStyle.Stroke,
                StrokeCap = SKStrokeCap.Round,
                StrokeJoin = SKStrokeJoin.Round,
                IsAntialias = true,
            };
            canvas.Save();
            canvas.Translate(area.MidX - _bounds.Width * scale / 2, area.MidY - _bounds.Height * scale / 2);
            canvas.Scale(scale);
            canvas.Translate(-_bounds.Left, -_bounds.Top);
            foreach (var (path, width) in _ink)
            {
                paint.StrokeWidth = width;
                canvas.DrawPath(path, paint);
            }

            canvas.Restore();
        }

        public void Dispose()
        {
            foreach (var (path, _) in _ink)
            {
                path.Dispose();
            }

            _ink.Clear();
        }
    }
}
