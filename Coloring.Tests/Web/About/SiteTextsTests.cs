using System.Net;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.About;

namespace Coloring.Tests.Web.About;

/// <summary>The privacy, terms and contact pages: Markdown an operator edits, rendered safely.</summary>
public sealed class SiteTextsTests() : AppTest(DatabaseProvider.Sqlite)
{
    private static readonly string OwnFolder = Path.Combine(Path.GetTempPath(), $"coloring-texts-{Guid.NewGuid():N}");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SiteTexts:Folder"] = OwnFolder };

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(OwnFolder);
        await File.WriteAllTextAsync(Path.Combine(OwnFolder, "contact.md"), "# Contact us\n\nWrite to [help@toys.example](mailto:help@toys.example).\n");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(OwnFolder, recursive: true);
    }

    [Theory]
    [InlineData("/privacy", "Privacy</h1>")]
    [InlineData("/terms", "Terms of use</h1>")]
    public async Task TheShippedTextIsShownWhenTheOperatorHasNotReplacedIt(string path, string heading)
    {
        var response = await App.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(heading, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheOperatorsOwnFileReplacesTheShippedOne()
    {
        var html = await App.CreateBrowser().GetStringAsync("/contact");

        Assert.Contains("Contact us</h1>", html);
        Assert.Contains("<a href=\"mailto:help@toys.example\">help@toys.example</a>", html);
        Assert.DoesNotContain("within two working days", html); // the shipped contact text
    }

    [Fact]
    public async Task EveryPageLinksToTheFooterPages()
    {
        var html = await App.CreateBrowser().GetStringAsync("/");

        Assert.Contains("href=\"/privacy\"", html);
        Assert.Contains("href=\"/terms\"", html);
        Assert.Contains("href=\"/contact\"", html);
        Assert.Contains("GalgenTX", html); // the kitten photo's CC BY 2.0 attribution
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("[click](javascript:alert(1))", "<a href=\"#\">click</a>")]
    [InlineData("[click](JavaScript:alert(1))", "<a href=\"#\">click</a>")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)", "<a href=\"#\">click</a>")]
    [InlineData("[click](//evil.example/x)", "<a href=\"#\">click</a>")]
    [InlineData("<javascript:alert(1)>", "<a href=\"#\">")]
    [InlineData("[ok](https://example.com/a?b=1&c=2)", "<a href=\"https://example.com/a?b=1&amp;c=2\">ok</a>")]
    [InlineData("[ok](/privacy)", "<a href=\"/privacy\">ok</a>")]
    public void HostileMarkdownIsShownAsTextAndUnsafeLinksGoNowhere(string markdown, string expected)
    {
        var html = SiteTexts.ToSafeHtml(markdown);

        Assert.Contains(expected, html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u202Eevil\u202C \u200B")]
    public void EmptyOrOddTextRendersWithoutError(string markdown) => Assert.NotNull(SiteTexts.ToSafeHtml(markdown));

    [Fact]
    public void AHugeTextRenders()
    {
        var html = SiteTexts.ToSafeHtml(string.Concat(Enumerable.Repeat("A paragraph of text. ", 50_000)));

        Assert.StartsWith("<p>", html);
    }
}
