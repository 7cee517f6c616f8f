namespace Coloring.Engine;

/// <summary>Numbers behind each age preset (see docs/engine.md and docs/decisions/0002-line-method.md).</summary>
/// <param name="LinePt">Line weight at print size, points.</param>
/// <param name="MinRegionInches">Side of the smallest square region a child of that age can color.</param>
/// <param name="MaxRegions">Upper bound on regions.</param>
/// <param name="WorkingLongSide">Long side of the image the lines are found on (detail comes from this, not from the photo).</param>
/// <param name="SegmentScale">Felzenszwalb k: larger gives larger segments.</param>
/// <param name="MergeDeltaE">Neighbouring regions closer than this in Lab colour are merged.</param>
/// <param name="BlurSigma">Gaussian pre-smoothing in working pixels.</param>
/// <param name="TargetInk">Share of the page the lines aim to cover.</param>
/// <param name="SmoothPasses">Passes of [1 2 1]/4 smoothing on traced boundaries.</param>
/// <param name="KuwaharaRadius">Edge-preserving (Kuwahara) smoothing radius in working pixels.</param>
internal sealed record PresetSettings(
    double LinePt,
    double MinRegionInches,
    int MaxRegions,
    int WorkingLongSide,
    double SegmentScale,
    double MergeDeltaE,
    double BlurSigma,
    double TargetInk,
    int SmoothPasses,
    int KuwaharaRadius)
{
    public static PresetSettings For(AgePreset preset) => preset switch
    {
        AgePreset.Toddler => new(6.0, 0.75, 25, 360, 400, 12, 0.8, 0.075, 14, 4),
        AgePreset.Kids => new(3.5, 0.40, 80, 500, 250, 9, 0.7, 0.065, 12, 4),
        _ => new(1.5, 0.12, 400, 760, 150, 6, 0.6, 0.055, 9, 3),
    };
}

/// <summary>Where the drawing sits on the paper at 300 DPI.</summary>
internal sealed record PageLayout(Paper Paper, PageOrientation Orientation, int PageWidth, int PageHeight, double Scale, double OffsetX, double OffsetY)
{
    public const double Dpi = 300;
    public const int MarginPx = 118; // 10 mm at 300 DPI

    public static PageLayout Fit(Paper paper, int imageWidth, int imageHeight)
    {
        var (pw, ph) = paper == Paper.A4 ? (2480, 3508) : (2550, 3300);
        var orientation = imageWidth > imageHeight ? PageOrientation.Landscape : PageOrientation.Portrait;
        if (orientation == PageOrientation.Landscape)
        {
            (pw, ph) = (ph, pw);
        }

        double aw = pw - 2 * MarginPx, ah = ph - 2 * MarginPx;
        var scale = Math.Min(aw / imageWidth, ah / imageHeight);
        var ox = Math.Round((pw - imageWidth * scale) / 2);
        var oy = Math.Round((ph - imageHeight * scale) / 2);
        return new PageLayout(paper, orientation, pw, ph, scale, ox, oy);
    }

    /// <summary>Paper size in millimetres for the SVG.</summary>
    public (double Width, double Height) SizeMm
    {
        get
        {
            var (w, h) = Paper == Paper.A4 ? (210.0, 297.0) : (215.9, 279.4);
            return Orientation == PageOrientation.Landscape ? (h, w) : (w, h);
        }
    }
}
