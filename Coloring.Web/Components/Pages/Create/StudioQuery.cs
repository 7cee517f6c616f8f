using System.Globalization;
using Coloring.Engine;

namespace Coloring.Web.Components.Pages.Create;

/// <summary>The address of a preview: the photo and every option in the query string, so the same options always
/// ask for the same address (the browser may reuse an answer it has).</summary>
public static class StudioQuery
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Where the preview of <paramref name="options"/> for the photo is.</summary>
    public static string PreviewUrl(Guid photoId, PageOptions options)
    {
        var query = new List<string>
        {
            $"preset={options.Preset.Name()}",
            $"paper={options.Paper.ToString().ToLowerInvariant()}",
            $"background={options.Background.Name()}",
            $"detail={options.Detail.ToString("0.##", Invariant)}",
        };
        if (options.LinePt is { } pt)
        {
            query.Add($"line={pt.ToString("0.##", Invariant)}");
        }

        if (options.Subject is { } s)
        {
            query.Add($"subject={Box(s.Left, s.Top, s.Right, s.Bottom)}");
        }

        if (options.Turns != 0)
        {
            query.Add($"turns={options.Turns}");
        }

        if (options.Crop is { } c)
        {
            query.Add($"crop={Box(c.Left, c.Top, c.Right, c.Bottom)}");
        }

        return $"/studio/preview/{photoId:N}?{string.Join('&', query)}";
    }

    /// <summary>The options in a preview's query; null when the query names no preset; else the options, or the field
    /// that is wrong and why (an empty, malformed, hostile or out-of-range value never throws).</summary>
    public static StudioRead? Read(IQueryCollection query)
    {
        if (!query.ContainsKey("preset"))
        {
            return null;
        }

        if (!PageOptionNames.TryParsePreset(query["preset"], out var preset))
        {
            return StudioRead.Wrong("preset", "Choose toddler, kids or detailed.");
        }

        var paper = Paper.A4;
        if (query.ContainsKey("paper") && !PageOptionNames.TryParsePaper(query["paper"], out paper))
        {
            return StudioRead.Wrong("paper", "Choose a4 or letter.");
        }

        var background = BackgroundMode.Auto;
        if (query.ContainsKey("background") && !PageOptionNames.TryParseBackground(query["background"], out background))
        {
            return StudioRead.Wrong("background", "Choose auto, keep, simplify or leave-out.");
        }

        double? line = null;
        if (query.ContainsKey("line"))
        {
            if (!TryNumber(query["line"], out var pt))
            {
                return StudioRead.Wrong("linePt", "Line weight must be a number of points.");
            }

            line = pt;
        }

        var detail = 0.0;
        if (query.ContainsKey("detail") && !TryNumber(query["detail"], out detail))
        {
            return StudioRead.Wrong("detail", "Detail must be a number from -2 to 2.");
        }

        var turns = 0;
        if (query.ContainsKey("turns") && !int.TryParse(query["turns"], NumberStyles.None, Invariant, out turns))
        {
            return StudioRead.Wrong("turns", "Turns must be a whole number from 0 to 3.");
        }

        if (!TryBox(query, "subject", out var subject) || !TryBox(query, "crop", out var crop))
        {
            return StudioRead.Wrong(!TryBox(query, "subject", out _) ? "subject" : "crop", "A box is four numbers from 0 to 1: left,top,right,bottom.");
        }

        try
        {
            return new StudioRead(new PageOptions(preset, paper, line,
                subject is { } s ? new SubjectBox(s[0], s[1], s[2], s[3]) : null, background, detail, turns,
                crop is { } c ? new CropBox(c[0], c[1], c[2], c[3]) : null), null, null);
        }
        catch (ArgumentException e)
        {
            // The engine's own rules name the field (Detail, Turns, a box's side); the box it belongs to is said first.
            var field = e.ParamName switch
            {
                nameof(SubjectBox.Left) or nameof(SubjectBox.Top) or nameof(SubjectBox.Right) or nameof(SubjectBox.Bottom)
                    => (e.Message.Contains("crop", StringComparison.OrdinalIgnoreCase) ? "crop." : "subject.") + e.ParamName.ToLowerInvariant(),
                { } name => char.ToLowerInvariant(name[0]) + name[1..],
                null => "options",
            };
            return StudioRead.Wrong(field, e is ArgumentOutOfRangeException range ? range.Message.Split(" (Parameter")[0] : e.Message.Split(" (Parameter")[0]);
        }
    }

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out value) && double.IsFinite(value);

    private static bool TryBox(IQueryCollection query, string name, out double[]? box)
    {
        box = null;
        if (!query.ContainsKey(name))
        {
            return true;
        }

        var parts = query[name].ToString().Split(',');
        if (parts.Length != 4)
        {
            return false;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!TryNumber(parts[i], out values[i]))
            {
                return false;
            }
        }

        box = values;
        return true;
    }

    private static string Box(double left, double top, double right, double bottom) =>
        string.Join(',', new[] { left, top, right, bottom }.Select(v => v.ToString("0.####", Invariant)));
}

/// <summary>The options read from a preview's query, or the field at fault and why.</summary>
public sealed record StudioRead(PageOptions? Options, string? Field, string? Message)
{
    public static StudioRead Wrong(string field, string message) => new(null, field, message);
}
