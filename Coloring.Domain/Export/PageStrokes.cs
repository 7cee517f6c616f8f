using System.Globalization;
using System.Xml;
using Coloring.Engine;

namespace Coloring.Domain.Export;

/// <summary>One stroke of a drawing: an SVG path <c>d</c> string stroked in black with <paramref name="Width"/>.</summary>
public readonly record struct PageStroke(string PathData, float Width);

/// <summary>
/// The strokes of one coloring page in its own units (300 DPI pixels for our pages), read from the stored SVG,
/// ready to be drawn as vector paths.
/// </summary>
/// <param name="Strokes">Every stroked path, in document order.</param>
/// <param name="Width">The drawing's page width (the SVG viewBox), 0 when unknown.</param>
/// <param name="Height">The drawing's page height, 0 when unknown.</param>
public sealed record PageStrokes(IReadOnlyList<PageStroke> Strokes, float Width, float Height)
{
    /// <summary>Largest SVG read, in bytes: our pages weigh about 150 KB.</summary>
    public const int MaxSvgBytes = 16 * 1024 * 1024;

    /// <summary>Most paths read from one SVG.</summary>
    public const int MaxPaths = 200_000;

    // Children of these elements are templates or masks, not ink on the page.
    private static readonly HashSet<string> NotDrawn = new(StringComparer.Ordinal) { "defs", "clipPath", "mask", "symbol", "pattern", "marker", "metadata" };

    /// <summary>The strokes of a page straight from the engine (no SVG round trip), for benchmarks and tools.</summary>
    public static PageStrokes From(PageDrawing drawing) =>
        new(drawing.PathData.Select(d => new PageStroke(d, (float)drawing.StrokeWidth)).ToList(), drawing.Width, drawing.Height);

    /// <summary>
    /// Reads the paths of an SVG as our page pipeline writes it (a viewBox, a group with a stroke width, path
    /// elements). Reads safely whatever it is given: no DTD, no external entities, size and path caps. Throws
    /// <see cref="FormatException"/> when the file is not a readable SVG.
    /// </summary>
    public static PageStrokes ReadSvg(ReadOnlyMemory<byte> svg)
    {
        if (svg.Length > MaxSvgBytes)
        {
            throw new FormatException("The drawing is too large.");
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxSvgBytes,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };

        try
        {
            using var stream = new MemoryStream(svg.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            return Read(reader);
        }
        catch (XmlException ex)
        {
            throw new FormatException("The drawing is not a readable SVG.", ex);
        }
    }

    private static PageStrokes Read(XmlReader reader)
    {
        var strokes = new List<PageStroke>();
        var widths = new List<float>(); // stroke width in force at each depth
        float width = 0, height = 0;
        var hiddenBelow = int.MaxValue; // depth of the innermost element whose children are not drawn
        var sawRoot = false;

        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == hiddenBelow)
                {
                    hiddenBelow = int.MaxValue;
                }

                continue;
            }

            var depth = reader.Depth;
            if (depth == 0)
            {
                if (reader.LocalName != "svg")
                {
                    throw new FormatException("The drawing is not an SVG.");
                }

                sawRoot = true;
                (width, height) = SizeOf(reader);
            }

            var inherited = depth == 0 ? 1f : widths[depth - 1];
            var strokeWidth = ParseLength(reader.GetAttribute("stroke-width"), width, height) ?? inherited;
            if (!reader.IsEmptyElement)
            {
                while (widths.Count <= depth)
                {
                    widths.Add(0);
                }

                widths[depth] = strokeWidth;
                if (depth < hiddenBelow && NotDrawn.Contains(reader.LocalName))
                {
                    hiddenBelow = depth;
                }
            }

            if (depth > hiddenBelow || reader.LocalName != "path")
            {
                continue;
            }

            var d = reader.GetAttribute("d");
            if (!string.IsNullOrWhiteSpace(d) && strokeWidth > 0)
            {
                if (strokes.Count >= MaxPaths)
                {
                    throw new FormatException("The drawing has too many lines.");
                }

                strokes.Add(new PageStroke(d, strokeWidth));
            }
        }

        return sawRoot ? new PageStrokes(strokes, width, height) : throw new FormatException("The drawing is empty.");
    }

    private static (float Width, float Height) SizeOf(XmlReader svg)
    {
        var parts = (svg.GetAttribute("viewBox") ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 4
            && float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w)
            && float.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var h)
            && float.IsFinite(w) && float.IsFinite(h) && w > 0 && h > 0)
        {
            return (w, h);
        }

        return (0, 0);
    }

    /// <summary>A stroke width in user units; null when missing or not a sensible number.</summary>
    private static float? ParseLength(string? text, float width, float height)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.EndsWith("px", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value) || value < 0)
        {
            return null;
        }

        // A stroke as wide as a tenth of the page would only blacken it.
        var cap = Math.Max(width, height) / 10;
        return cap > 0 ? Math.Min(value, cap) : value;
    }
}
