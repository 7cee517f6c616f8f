using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Components.Pages.About;

/// <summary>Settings under <c>SiteTexts</c>: where the operator keeps the footer pages' Markdown.</summary>
public sealed class SiteTextOptions
{
    public const string Section = "SiteTexts";

    /// <summary>
    /// A folder with <c>privacy.md</c>, <c>terms.md</c> and <c>contact.md</c> that replace the shipped texts
    /// (a relative path is under the app's folder). A file missing there falls back to the shipped one.
    /// </summary>
    public string? Folder { get; set; }
}

/// <summary>
/// The privacy, terms and contact pages: Markdown files an operator can edit, rendered safely. Raw HTML in
/// the file is shown as text, and only http, https, mailto and site-relative links become links.
/// </summary>
public sealed class SiteTexts(IOptions<SiteTextOptions> options, IHostEnvironment environment)
{
    /// <summary>The pages there are, by their address under the site's root.</summary>
    public static readonly IReadOnlyList<string> Names = ["privacy", "terms", "contact"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    private string ShippedFolder => Path.Combine(environment.ContentRootPath, "SiteTexts");

    /// <summary>The page's text as HTML, or null when <paramref name="name"/> is not one of <see cref="Names"/>.</summary>
    public async Task<MarkupString?> RenderAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!Names.Contains(name))
        {
            return null;
        }

        var file = options.Value.Folder is { Length: > 0 } folder
            && Path.Combine(environment.ContentRootPath, folder, name + ".md") is var own && File.Exists(own)
                ? own
                : Path.Combine(ShippedFolder, name + ".md");
        var markdown = await File.ReadAllTextAsync(file, cancellationToken);
        return new MarkupString(ToSafeHtml(markdown));
    }

    /// <summary>Markdown to HTML with raw HTML escaped and links limited to safe schemes.</summary>
    public static string ToSafeHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        if (trimmed.StartsWith('#'))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }
}
