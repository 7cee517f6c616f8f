namespace Coloring.Engine;

/// <summary>A finished coloring page.</summary>
public sealed class ColoringPage
{
    /// <summary>The page at 300 DPI, paper-sized, pure black and white (1-bit PNG), no metadata.</summary>
    public required byte[] Png { get; init; }

    /// <summary>The same drawing as SVG: strokes as vector paths, viewBox in PNG pixels, width/height in mm.</summary>
    public required string Svg { get; init; }

    /// <summary>A small preview, about 1024 px on its long side.</summary>
    public required byte[] PreviewPng { get; init; }

    /// <summary>PNG width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>PNG height in pixels.</summary>
    public required int Height { get; init; }

    public required Paper Paper { get; init; }

    public required PageOrientation Orientation { get; init; }

    /// <summary>What the quality gate measured.</summary>
    public required PageMetrics Metrics { get; init; }

    /// <summary>The drawing as vector strokes in PNG pixel units, for a PDF writer.</summary>
    public required PageDrawing Drawing { get; init; }

    /// <summary>SVG path <c>d</c> strings in PNG pixel units (shortcut to <see cref="PageDrawing.PathData"/>).</summary>
    public IReadOnlyList<string> PathData => Drawing.PathData;
}

/// <summary>The strokes of a page. Every path is stroked (not filled) in black with <see cref="StrokeWidth"/>,
/// round caps and joins; coordinates are PNG pixels (300 DPI), so multiply by 72/300 for PDF points.</summary>
/// <param name="PathData">SVG path <c>d</c> strings; parse each with <c>SKPath.ParseSvgPathData</c>.</param>
/// <param name="StrokeWidth">Line width in PNG pixels.</param>
/// <param name="Width">Page width in PNG pixels.</param>
/// <param name="Height">Page height in PNG pixels.</param>
public sealed record PageDrawing(IReadOnlyList<string> PathData, double StrokeWidth, int Width, int Height)
{
    /// <summary>Paths are stroked, so the fill rule does not matter; "nonzero" if a writer needs one.</summary>
    public string FillRule => "nonzero";

    /// <summary>Line cap and join used for every stroke.</summary>
    public string LineCap => "round";
}

/// <summary>Measurements of a page, stored by the app as JSON (System.Text.Json friendly).</summary>
public sealed record PageMetrics
{
    /// <summary>Generator that made the page ("local", "gemini").</summary>
    public string Generator { get; init; } = "local";

    /// <summary>Preset word ("toddler", "kids", "detailed").</summary>
    public string Preset { get; init; } = "kids";

    /// <summary>Share of the page that is black, 0..1.</summary>
    public double InkCoverage { get; init; }

    /// <summary>Ink pieces too small to be a line (dots, crumbs).</summary>
    public int Specks { get; init; }

    /// <summary>Largest solid black area (ink thicker than 1.5 strokes), as a share of the page, 0..1.</summary>
    public double LargestBlobShare { get; init; }

    /// <summary>Share of the white drawing area lying in regions too small to color for the preset, 0..1.</summary>
    public double SmallRegionShare { get; init; }

    /// <summary>White regions inside the drawing (places to color).</summary>
    public int Regions { get; init; }

    /// <summary>Line ends that do not meet another line.</summary>
    public int OpenEnds { get; init; }

    /// <summary>Stroke width asked for, in points.</summary>
    public double LinePt { get; init; }

    /// <summary>Stroke width asked for, in PNG pixels.</summary>
    public double StrokeWidthPx { get; init; }

    /// <summary>Stroke width measured on the PNG (ink area / line length), in pixels.</summary>
    public double MeasuredStrokeWidthPx { get; init; }

    /// <summary>Number of strokes (paths).</summary>
    public int Strokes { get; init; }

    /// <summary>How many of <see cref="Strokes"/> are open interior detail lines (eyes, nose) drawn inside regions.</summary>
    public int DetailStrokes { get; init; }

    /// <summary>The subject the page was drawn for (given, or found by the engine), or null for none.</summary>
    public SubjectBox? Subject { get; init; }

    /// <summary>True when the engine found <see cref="Subject"/> itself; false when it was given or there is none.</summary>
    public bool SubjectFound { get; init; }

    /// <summary>What happened to the background: "keep", "simplify" or "leave-out".</summary>
    public string Background { get; init; } = "keep";

    /// <summary>Working image size the lines were found at.</summary>
    public int WorkingWidth { get; init; }

    public int WorkingHeight { get; init; }

    /// <summary>Tries the quality gate needed (1 = first try accepted).</summary>
    public int Attempts { get; init; }

    /// <summary>True when the page is within every bound of its preset.</summary>
    public bool Passed { get; init; }

    /// <summary>Bounds that were missed (empty when passed).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>Milliseconds per stage: decode, lines, regions, trace, render, total.</summary>
    public IReadOnlyDictionary<string, double> StageMs { get; init; } = new Dictionary<string, double>();
}
