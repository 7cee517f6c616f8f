namespace Coloring.Web.Components.Pages.Create;

/// <summary>A line weight as a parent says it; the points stay in a tooltip for those who print to a plan.</summary>
public static class LineWeightWords
{
    /// <summary>"Thin" up to 2.5 pt, "Medium" up to 5, "Thick" up to 8, "Extra thick" above (the presets draw 1.5, 3.5 and 6).</summary>
    public static string For(double linePt) => linePt switch
    {
        < 2.5 => "Thin",
        < 5 => "Medium",
        < 8 => "Thick",
        _ => "Extra thick",
    };

    /// <summary>The points, for the tooltip: "3.5 pt".</summary>
    public static string Points(double linePt) => $"{linePt:0.#} pt";
}
