using MudBlazor;

namespace Coloring.Web.Components.Layout;

/// <summary>
/// The product's colours: a calm blue with a crayon-orange accent. Every pair of text and background meets
/// WCAG AA (4.5:1) in both palettes; the axe check in the browser tests holds them to it.
/// </summary>
public static class ColoringTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            PrimaryDarken = "#283593",
            Secondary = "#b85500",
            SecondaryDarken = "#8f4200",
            SecondaryContrastText = "#ffffff",
            AppbarBackground = "#3949ab",
            AppbarText = "#ffffff",
            Background = "#fafafa",
            TextSecondary = "rgba(0,0,0,0.68)",
            DrawerText = "rgba(0,0,0,0.87)",
            DrawerIcon = "rgba(0,0,0,0.68)",
            ActionDefault = "rgba(0,0,0,0.68)",
            Success = "#2e7d32",
            Info = "#1565c0",
            Warning = "#b45309",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a5b4fc",
            PrimaryDarken = "#c7d2fe",
            PrimaryContrastText = "#111827",
            Secondary = "#ffb74d",
            SecondaryDarken = "#ffcc80",
            SecondaryContrastText = "#1a1a1a",
            AppbarBackground = "#1e2140",
            AppbarText = "#ffffff",
            Background = "#121212",
            Surface = "#1e1e1e",
            DrawerBackground = "#1e1e1e",
            DrawerText = "rgba(255,255,255,0.87)",
            DrawerIcon = "rgba(255,255,255,0.75)",
            TextPrimary = "rgba(255,255,255,0.90)",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDefault = "rgba(255,255,255,0.75)",
            Success = "#81c784",
            SuccessContrastText = "#102a12",
            Info = "#90caf9",
            InfoContrastText = "#0d2136",
            Warning = "#ffb74d",
            WarningContrastText = "#1a1a1a",
            Error = "#ef9a9a",
            ErrorContrastText = "#2b0b0b",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
