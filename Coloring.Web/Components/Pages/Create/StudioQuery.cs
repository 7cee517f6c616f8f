using System.Globalization;
using Coloring.Engine;

namespace Coloring.Web.Components.Pages.Create;

/// <summary>The address of a preview: the photo and every option in the query string, so the same options always
/// ask for the same address (the browser may reuse an answer it has).</summary>
public static class StudioQuery
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Where the preview of <paramref name="options"/> for the photo is.</summary>
    public static string PreviewUrl(Guid photoId, PageOptions options, StudioFraming framing)
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

        if (framing.Turns != 0)
        {
            query.Add($"turns={framing.Turns}");
        }

        if (framing.Crop is { } c)
        {
            query.Add($"crop={Box(c.Left, c.Top, c.Right, c.Bottom)}");
        }

        return $"/studio/preview/{photoId:N}?{string.Join('&', query)}";
    }

    private static string Box(double left, double top, double right, double bottom) =>
        string.Join(',', new[] { left, top, right, bottom }.Select(v => v.ToString("0.####", Invariant)));
}
