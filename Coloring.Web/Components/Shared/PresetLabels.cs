using Coloring.Engine;

namespace Coloring.Web.Components.Shared;

/// <summary>How presets are named to people, in one place for every page.</summary>
public static class PresetLabels
{
    public static string Ages(AgePreset preset) => preset switch
    {
        AgePreset.Toddler => "Ages 3-5",
        AgePreset.Kids => "Ages 6-8",
        _ => "Ages 9 and up",
    };
}
