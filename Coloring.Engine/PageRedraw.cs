using System.Globalization;
using System.Text;

namespace Coloring.Engine;

/// <summary>The files of a page drawn again from a subset of its strokes (after a touch-up).</summary>
/// <param name="Png">The page at 300 DPI, 1-bit, exactly as the engine draws a new page from these strokes.</param>
/// <param name="Svg">The same strokes as SVG, in the engine's format.</param>
/// <param name="PreviewPng">The 1024 px preview.</param>
public sealed record RedrawnPage(byte[] Png, string Svg, byte[] PreviewPng);

/// <summary>
/// Draws a page's files from its strokes alone: the touch-up of a finished page keeps the strokes it does not
/// remove as they are (the same path data, the same width) and draws them the way the pipeline draws a new page,
/// so a stroke that stays prints exactly as before.
/// </summary>
public static class PageRedraw
{
    /// <summary>Draws <paramref name="pathData"/> stroked with <paramref name="strokeWidth"/> on a page of
    /// <paramref name="width"/> x <paramref name="height"/> pixels at 300 DPI on <paramref name="paper"/>.</summary>
    public static RedrawnPage Draw(IReadOnlyList<string> pathData, double strokeWidth, int width, int height, Paper paper)
    {
        ArgumentNullException.ThrowIfNull(pathData);
        if (width <= 0 || height <= 0 || (long)width * height > 60_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "The page size is not one the engine draws.");
        }

        if (!double.IsFinite(strokeWidth) || strokeWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(strokeWidth));
        }

        var ink = PagePipeline.RasterizeInk(pathData, strokeWidth, width, height);
        var png = PngWriter.WriteBilevel(ink, width, height);
        var previewScale = 1024.0 / Math.Max(width, height);
        int pw = (int)Math.Round(width * previewScale), ph = (int)Math.Round(height * previewScale);
        var preview = PngWriter.WriteGray(PagePipeline.Preview(ink, width, height, pw, ph), pw, ph);
        return new RedrawnPage(png, Svg(pathData, strokeWidth, width, height, paper), preview);
    }

    private static string Svg(IReadOnlyList<string> paths, double lineWidth, int width, int height, Paper paper)
    {
        var layout = new PageLayout(paper, width > height ? PageOrientation.Landscape : PageOrientation.Portrait, width, height, 1, 0, 0);
        var (mmW, mmH) = layout.SizeMm;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(paths.Sum(p => p.Length + 16) + 512);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{mmW:0.##}mm\" height=\"{mmH:0.##}mm\" viewBox=\"0 0 {width} {height}\">\n");
        sb.Append(inv, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        sb.Append(inv, $"<g fill=\"none\" stroke=\"#000000\" stroke-width=\"{lineWidth:0.##}\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n");
        foreach (var d in paths)
        {
            sb.Append("<path d=\"").Append(System.Security.SecurityElement.Escape(d)).Append("\"/>\n");
        }

        sb.Append("</g>\n</svg>\n");
        return sb.ToString();
    }
}
