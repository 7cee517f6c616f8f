using System.Globalization;
using Microsoft.JSInterop;

namespace Coloring.Web.Components.Shared;

/// <summary>
/// Shows dates in the viewer's time zone, asked of the browser once per circuit: the layout makes one and
/// cascades it to the pages. Until the browser has answered (prerendering) or when it cannot, and on a page
/// rendered without the layout, dates are shown in UTC and say so.
/// </summary>
public sealed class LocalTime(IJSRuntime js)
{
    private const string Format = "d MMM yyyy, HH:mm";
    private TimeZoneInfo? _zone;

    /// <summary>Asks the browser for its time zone the first time; later calls return at once.</summary>
    public async Task LoadAsync()
    {
        if (_zone is not null)
        {
            return;
        }

        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference?>("import", "/js/local-time.js");
            var browser = module is null ? null : await module.InvokeAsync<BrowserZone?>("zone");
            if (browser is null)
            {
                return;
            }

            _zone = FindZone(browser.Id) ?? TimeZoneInfo.CreateCustomTimeZone("browser", TimeSpan.FromMinutes(browser.OffsetMinutes), "Browser", "Browser");
        }
        catch (Exception ex) when (ex is InvalidOperationException or JSException or JSDisconnectedException or TaskCanceledException or ArgumentException)
        {
            // Prerendering (no browser yet), a closed circuit or an odd answer: keep UTC.
        }
    }

    /// <summary>"26 Nov 2026, 14:05" in the viewer's time, or "26 Nov 2026, 14:05 UTC" when it is not known.</summary>
    public string Show(DateTimeOffset at) => Show(this, at);

    /// <summary>As <see cref="Show(DateTimeOffset)"/>; in UTC when there is no <paramref name="time"/>.</summary>
    public static string Show(LocalTime? time, DateTimeOffset at) => time?._zone is not { } zone
        ? at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture) + " UTC"
        : TimeZoneInfo.ConvertTime(at, zone).ToString(Format, CultureInfo.InvariantCulture);

    private static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null; // no tz data in the image: the offset will do
        }
    }

    private sealed record BrowserZone(string? Id, int OffsetMinutes);
}
