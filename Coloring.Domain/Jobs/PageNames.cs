using System.Globalization;
using System.Text;

namespace Coloring.Domain.Jobs;

/// <summary>The names people give their pages: what is accepted, and what a page without one is called.</summary>
public static class PageNames
{
    public const int MaxLength = 80;

    /// <summary>
    /// The name as stored: NFC, trimmed, inner runs of space made one. Null for an empty name (the page goes back
    /// to its default). False, with the reason, for a name that is too long or carries control, invisible or
    /// direction-changing characters (which could make one page's name look like another's).
    /// </summary>
    public static bool TryNormalize(string? text, out string? name, out string? error)
    {
        name = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (text.Length > MaxLength * 4)
        {
            error = $"A name can be at most {MaxLength} characters.";
            return false;
        }

        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            error = "This name has broken characters in it.";
            return false;
        }

        var builder = new StringBuilder(normalized.Length);
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            if (rune == Rune.ReplacementChar)
            {
                error = "This name has broken characters in it.";
                return false;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                error = "A name can hold letters, digits, spaces and punctuation, but no invisible or control characters.";
                return false;
            }

            builder.Append(rune.ToString());
        }

        var trimmed = builder.ToString().Trim();
        if (trimmed.Length > MaxLength)
        {
            error = $"A name can be at most {MaxLength} characters.";
            return false;
        }

        name = trimmed.Length == 0 ? null : trimmed;
        return true;
    }

    /// <summary>What a page is called: its name, or "Page of" when it was made (<paramref name="madeAt"/>, in the viewer's words).</summary>
    public static string Of(Job job, string madeAt) => string.IsNullOrEmpty(job.Name) ? $"Page of {madeAt}" : job.Name;
}
