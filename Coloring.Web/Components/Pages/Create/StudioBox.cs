namespace Coloring.Web.Components.Pages.Create;

/// <summary>
/// A box drawn in the studio (the subject or the crop), in 0-1 of the picture it is drawn on: always inside it, never
/// smaller than <see cref="MinSide"/>, rounded to 4 places so that the same box always makes the same page.
/// </summary>
public readonly record struct StudioBox
{
    /// <summary>The smallest side, as a share of the picture's side (the engine's rule for subject and crop boxes).</summary>
    public const double MinSide = 0.05;

    /// <summary>How far one arrow key press moves or resizes a box.</summary>
    public const double Step = 0.02;

    /// <summary>A tap makes a square box this share of the picture's shorter side.</summary>
    public const double TapShare = 0.4;

    private const double Least = MinSide + 0.0001;

    private StudioBox(double left, double top, double right, double bottom) =>
        (Left, Top, Right, Bottom) = (left, top, right, bottom);

    public double Left { get; }

    public double Top { get; }

    public double Right { get; }

    public double Bottom { get; }

    public double Width => Right - Left;

    public double Height => Bottom - Top;

    /// <summary>True when the box covers the whole picture (a crop like that is no crop).</summary>
    public bool IsWhole => Left <= 0 && Top <= 0 && Right >= 1 && Bottom >= 1;

    /// <summary>The whole picture.</summary>
    public static StudioBox Whole { get; } = new(0, 0, 1, 1);

    /// <summary>
    /// The box between two corners in any order, held inside the picture and grown to <see cref="MinSide"/> where it is
    /// thinner; null when a corner is not a number (a hostile or broken caller).
    /// </summary>
    public static StudioBox? Between(double x1, double y1, double x2, double y2)
    {
        if (!double.IsFinite(x1) || !double.IsFinite(y1) || !double.IsFinite(x2) || !double.IsFinite(y2))
        {
            return null;
        }

        var (left, right) = Span(Math.Min(x1, x2), Math.Max(x1, x2));
        var (top, bottom) = Span(Math.Min(y1, y2), Math.Max(y1, y2));
        return new StudioBox(left, top, right, bottom);
    }

    /// <summary>
    /// The box a tap at (<paramref name="x"/>, <paramref name="y"/>) makes: a square of <see cref="TapShare"/> of the
    /// picture's shorter side centred on the point, pushed back inside the picture near its edges.
    /// </summary>
    /// <param name="x">Where the tap was across, 0-1.</param>
    /// <param name="y">Where the tap was down, 0-1.</param>
    /// <param name="aspect">The picture's width over its height.</param>
    public static StudioBox? AroundTap(double x, double y, double aspect)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            return null;
        }

        aspect = double.IsFinite(aspect) && aspect > 0 ? aspect : 1;
        var width = Math.Min(1, TapShare * Math.Min(1, 1 / aspect));
        var height = Math.Min(1, TapShare * Math.Min(1, aspect));
        var left = Math.Clamp(Math.Clamp(x, 0, 1) - width / 2, 0, 1 - width);
        var top = Math.Clamp(Math.Clamp(y, 0, 1) - height / 2, 0, 1 - height);
        return Between(left, top, left + width, top + height);
    }

    /// <summary>The same box moved by (<paramref name="dx"/>, <paramref name="dy"/>), stopping at the picture's edges.</summary>
    public StudioBox Moved(double dx, double dy)
    {
        var left = Math.Clamp(Left + dx, 0, 1 - Width);
        var top = Math.Clamp(Top + dy, 0, 1 - Height);
        return Between(left, top, left + Width, top + Height)!.Value;
    }

    /// <summary>The box with its right and bottom edges moved by (<paramref name="dw"/>, <paramref name="dh"/>), never
    /// thinner than <see cref="MinSide"/> nor outside the picture.</summary>
    public StudioBox Resized(double dw, double dh) =>
        Between(Left, Top, Math.Max(Right + dw, Left + Least), Math.Max(Bottom + dh, Top + Least))!.Value;

    /// <summary>Where this box lands when the picture is turned a quarter clockwise (or anticlockwise).</summary>
    public StudioBox Turned(bool clockwise) => clockwise
        ? Between(1 - Bottom, Left, 1 - Top, Right)!.Value
        : Between(Top, 1 - Right, Bottom, 1 - Left)!.Value;

    /// <summary>The largest box of the given shape (width over height, in pixels) centred on the picture.</summary>
    /// <param name="shape">The box's width over its height.</param>
    /// <param name="aspect">The picture's width over its height.</param>
    public static StudioBox Centred(double shape, double aspect)
    {
        // In 0-1 units the box's width over height is shape / aspect.
        var ratio = shape / aspect;
        var (width, height) = ratio >= 1 ? (1.0, 1 / ratio) : (ratio, 1.0);
        return Between((1 - width) / 2, (1 - height) / 2, (1 + width) / 2, (1 + height) / 2)!.Value;
    }

    /// <summary>In percent, for styles and words.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static (double Low, double High) Span(double low, double high)
    {
        low = Round(Math.Clamp(low, 0, 1));
        high = Round(Math.Clamp(high, 0, 1));
        if (high - low >= MinSide)
        {
            return (low, high);
        }

        // Too thin: grow around its middle, inside the picture (a hair over the least, so rounding never undercuts it).
        var start = Round(Math.Clamp((low + high - Least) / 2, 0, 1 - Least));
        return (start, Round(start + Least));
    }

    private static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
