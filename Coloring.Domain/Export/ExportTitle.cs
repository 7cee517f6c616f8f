using System.Globalization;
using System.Text;

namespace Coloring.Domain.Export;

/// <summary>The title a person gives a page or a book, and the download name made from it.</summary>
public static class ExportTitle
{
    /// <summary>Longest title, in characters, after trimming.</summary>
    public const int MaxLength = 80;

    /// <summary>Longest file name stem, before ".pdf".</summary>
    private const int MaxStem = 60;

    // Device names Windows will not save a file under, whatever the extension.
    private static readonly HashSet<string> ReservedStems = new(StringComparer.Ordinal)
    {
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    };

    /// <summary>
    /// Trims and normalises <paramref name="text"/> (NFC). An empty or missing title is fine (<paramref name="title"/>
    /// is null). Refused, with a message: more than <see cref="MaxLength"/> characters, control characters (line breaks,
    /// tabs, bidirectional overrides) or broken characters.
    /// </summary>
    public static bool TryNormalize(string? text, out string? title, out string? error)
    {
        title = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (text.Length > MaxLength * 4)
        {
            error = $"The title can be at most {MaxLength} characters.";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                error = "The title contains a broken character.";
                return false;
            }

            if (char.IsControl(c) || IsDirectionControl(c))
            {
                error = "The title cannot contain control characters such as line breaks or tabs.";
                return false;
            }
        }

        var trimmed = text.Trim().Normalize(NormalizationForm.FormC);
        if (trimmed.Length > MaxLength)
        {
            error = $"The title can be at most {MaxLength} characters.";
            return false;
        }

        title = trimmed.Length == 0 ? null : trimmed;
        return true;
    }

    /// <summary>
    /// A download name made from the title: letters and digits kept (lower case), everything else becomes a dash,
    /// so no path or quoting character survives. Without a usable title, <paramref name="fallbackStem"/>.pdf.
    /// </summary>
    public static string FileName(string? title, string fallbackStem)
    {
        var stem = new StringBuilder();
        var dash = false;
        foreach (var rune in (title ?? "").Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var keep = Rune.IsLetter(rune) || category == UnicodeCategory.DecimalDigitNumber
                || (stem.Length > 0 && !dash && category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark);
            if (keep)
            {
                var separator = dash && stem.Length > 0 ? 1 : 0;
                if (stem.Length + separator + rune.Utf16SequenceLength > MaxStem)
                {
                    break;
                }

                if (separator == 1)
                {
                    stem.Append('-');
                }

                dash = false;
                stem.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                dash = true;
            }
        }

        var name = stem.ToString();
        if (name.Length == 0)
        {
            return $"{fallbackStem}.pdf";
        }

        return ReservedStems.Contains(name) ? $"{name}-{fallbackStem}.pdf" : $"{name}.pdf";
    }

    private static bool IsDirectionControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
