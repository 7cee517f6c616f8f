using MudBlazor;

namespace Coloring.Web.Components.Layout;

/// <summary>The product's colours: a calm blue with a crayon-orange accent, readable on paper-white.</summary>
public static class ColoringTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#f57c00",
            AppbarBackground = "#3949ab",
            Background = "#fafafa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
