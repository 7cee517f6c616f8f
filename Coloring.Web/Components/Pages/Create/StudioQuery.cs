using System.Globalization;
using Coloring.Engine;
using Coloring.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>The options in a preview's query, checked by the same rules as the API's (<see cref="PageOptionsReading"/>);
    /// a problem naming the field that is wrong (an empty, malformed, hostile or out-of-range value never throws).</summary>
    public static (PageOptions? Options, ValidationProblem? Problem) Read(IQueryCollection query)
    {
        if (!query.ContainsKey("preset"))
        {
            return (null, ApiProblems.Invalid("query", "The preview's options are missing."));
        }

        if (!Number(query, "line", out var line))
        {
            return (null, ApiProblems.Invalid("linePt", "Line weight must be a number of points."));
        }

        if (!Number(query, "detail", out var detail))
        {
            return (null, ApiProblems.Invalid("detail", "Detail must be a number from -2 to 2."));
        }

        int? turns = null;
        if (query.ContainsKey("turns"))
        {
            if (!int.TryParse(query["turns"], NumberStyles.None, Invariant, out var quarter))
            {
                return (null, ApiProblems.Invalid("turns", "Turns must be a whole number from 0 to 3."));
            }

            turns = quarter;
        }

        foreach (var name in new[] { "subject", "crop" })
        {
            if (!TryBox(query, name, out _))
            {
                return (null, ApiProblems.Invalid(name, "A box is four numbers from 0 to 1: left,top,right,bottom."));
            }
        }

        TryBox(query, "subject", out var subject);
        TryBox(query, "crop", out var crop);
        return PageOptionsReading.Read(query["preset"], line, Text(query, "paper"), detail, Text(query, "background"), subject, crop, turns);
    }

    private static string? Text(IQueryCollection query, string name) => query.ContainsKey(name) ? query[name].ToString() : null;

    /// <summary>False when the value is there but not a finite number.</summary>
    private static bool Number(IQueryCollection query, string name, out double? value)
    {
        value = null;
        if (!query.ContainsKey(name))
        {
            return true;
        }

        if (!TryNumber(query[name], out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool TryNumber(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out value) && double.IsFinite(value);

    private static bool TryBox(IQueryCollection query, string name, out BoxRequest? box)
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

        box = new BoxRequest(values[0], values[1], values[2], values[3]);
        return true;
    }

    private static string Box(double left, double top, double right, double bottom) =>
        string.Join(',', new[] { left, top, right, bottom }.Select(v => v.ToString("0.####", Invariant)));
}
