using Microsoft.AspNetCore.Components;

namespace Coloring.Web.Components.Layout;

/// <summary>
/// A MudBlazor icon as plain markup, drawn exactly as <c>MudIcon</c> draws it (same classes, so the same look), for
/// icons that never change. A <c>MudIcon</c> is a live component in every circuit; this is a few frames of its
/// parent's render tree (ADR 0016).
/// </summary>
public static class PlainIcon
{
    /// <summary>The <c>&lt;svg&gt;</c> for <paramref name="icon"/> (one of <c>Icons.Material.*</c>), hidden from screen readers.</summary>
    public static MarkupString Of(string icon, string size = "medium", string? extraClass = null) =>
        new($"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}{(extraClass is null ? "" : " " + extraClass)}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>");
}
