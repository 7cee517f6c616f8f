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
    /// <param name="icon">The icon's SVG content.</param>
    /// <param name="size">MudBlazor's size name: small, medium or large.</param>
    /// <param name="extraClass">More classes, such as a colour (<c>mud-primary-text</c>) or a margin.</param>
    /// <param name="style">An inline style (a constant of the caller's, never a person's text: it is not encoded).</param>
    public static MarkupString Of(string icon, string size = "medium", string? extraClass = null, string? style = null) =>
        new($"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}{(extraClass is null ? "" : " " + extraClass)}\"{(style is null ? "" : $" style=\"{style}\"")} focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>");
}
