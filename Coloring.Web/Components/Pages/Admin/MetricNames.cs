namespace Coloring.Web.Components.Pages.Admin;

/// <summary>The engine's metric keys ("inkCoverage", "InkCoverage") as words on the admin pages ("Ink coverage").</summary>
public static class MetricNames
{
    // Keys whose words alone would hide the unit.
    private static readonly Dictionary<string, string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linePt"] = "Line weight (pt)",
        ["strokeWidthPx"] = "Stroke width (px)",
        ["measuredStrokeWidthPx"] = "Measured stroke width (px)",
        ["workingWidth"] = "Working width (px)",
        ["workingHeight"] = "Working height (px)",
        ["stageMs"] = "Time per stage (ms)",
        ["ms"] = "Time (ms)",
    };

    /// <summary>"inkCoverage" becomes "Ink coverage"; an unknown key is split at its capitals; an empty one stays empty.</summary>
    public static string For(string key)
    {
        if (Named.TryGetValue(key, out var named))
        {
            return named;
        }

        var words = new System.Text.StringBuilder(key.Length + 8);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(key[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.Replace('_', ' ').ToString();
    }
}
