using System.Globalization;

namespace Coloring.Web.Components.Pages.Create;

/// <summary>
/// How the studio shows the photo turned and cropped with CSS alone (the photo is loaded once, upright, and never
/// redrawn on the server): the frame has the shape of the visible picture, the turned photo sits inside it at the
/// crop's offset, and the image is rotated inside the turned photo.
/// </summary>
/// <param name="Width">The upright photo's width in pixels.</param>
/// <param name="Height">The upright photo's height in pixels.</param>
/// <param name="Turns">Clockwise quarter turns, 0-3.</param>
/// <param name="Crop">The crop in 0-1 of the turned photo; null shows all of it.</param>
public sealed record StudioFrame(int Width, int Height, int Turns, StudioBox? Crop)
{
    /// <summary>The tallest the photo is shown, so that the preview and the controls stay in sight.</summary>
    private const double MaxHeightRem = 26;

    private static readonly CultureInfo Css = CultureInfo.InvariantCulture;

    private bool Sideways => Turns % 2 == 1;

    /// <summary>The turned photo's width over its height.</summary>
    public double TurnedAspect => Sideways ? (double)Height / Width : (double)Width / Height;

    private StudioBox Shown => Crop ?? StudioBox.Whole;

    /// <summary>The visible picture's width over its height (in pixels).</summary>
    public double Aspect => TurnedAspect * Shown.Width / Shown.Height;

    /// <summary>The frame's style: the visible picture's shape, as wide as fits and no taller than a screenful.</summary>
    public string FrameStyle => string.Create(Css,
        $"aspect-ratio: {Aspect:0.####}; width: min(100%, {MaxHeightRem * Aspect:0.##}rem, calc(60vh * {Aspect:0.####}));");

    /// <summary>The turned photo's place in the frame, in percent of the frame.</summary>
    public string TurnedStyle => string.Create(Css,
        $"left: {-Shown.Left / Shown.Width * 100:0.###}%; top: {-Shown.Top / Shown.Height * 100:0.###}%; width: {100 / Shown.Width:0.###}%; height: {100 / Shown.Height:0.###}%;");

    /// <summary>The upright image inside the turned photo: rotated about its centre; sideways, its sides swap.</summary>
    public string ImageStyle => Sideways
        ? string.Create(Css, $"width: {100 / TurnedAspect:0.###}%; height: {100 * TurnedAspect:0.###}%; transform: translate(-50%, -50%) rotate({Turns * 90}deg);")
        : string.Create(Css, $"width: 100%; height: 100%; transform: translate(-50%, -50%) rotate({Turns * 90}deg);");

    /// <summary>A box's place in the frame, in percent.</summary>
    public static string BoxStyle(StudioBox box) => string.Create(Css,
        $"left: {box.Left * 100:0.##}%; top: {box.Top * 100:0.##}%; width: {box.Width * 100:0.##}%; height: {box.Height * 100:0.##}%;");
}

/// <summary>How the photo is turned (clockwise quarter turns, 0-3) and cropped (in 0-1 of the turned photo; null keeps it whole).</summary>
public readonly record struct StudioFraming(int Turns, StudioBox? Crop);
