using Coloring.Web.Email;

namespace Coloring.Tests.Web.Email;

public sealed class SignInEmailTests
{
    private const string Link = "https://coloring.example/account/magic?token=abc_DEF-123";

    [Fact]
    public void BothPartsCarryTheLinkAndTheMinutes()
    {
        var email = SignInEmail.Compose("ann@example.com", Link, 10);

        Assert.Equal("ann@example.com", email.To);
        Assert.Equal(SignInEmail.Subject, email.Subject);
        Assert.Contains(Link, email.TextBody);
        Assert.Contains($"href=\"{Link}\"", email.HtmlBody);
        Assert.Contains("for 10 minutes", email.TextBody);
        Assert.Contains("for 10 minutes", email.HtmlBody);
    }

    [Fact]
    public void TheHtmlPartHasOneLargeButtonInTheProductsColours()
    {
        var html = SignInEmail.Compose("ann@example.com", Link, 10).HtmlBody;

        var button = html[html.IndexOf("<a href", StringComparison.Ordinal)..];
        button = button[..button.IndexOf("</a>", StringComparison.Ordinal)];
        Assert.Contains("Sign in to Coloring", button);
        Assert.Contains("padding:16px 36px", button);
        Assert.Contains("background:#b85500", button);
        Assert.Contains("background:#3949ab", html); // the header band
    }

    [Theory]
    [InlineData("<script>alert(1)</script>@example.com")]
    [InlineData("\"><img src=x onerror=alert(1)>@example.com")]
    [InlineData("ann&co@example.com")]
    public void TheAddressIsEscapedInTheHtmlPart(string address)
    {
        var html = SignInEmail.Compose(address, Link, 10).HtmlBody;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(address), html);
    }

    [Fact]
    public void ALinkWithQuotesCannotBreakOutOfItsAttribute()
    {
        var html = SignInEmail.Compose("ann@example.com", "https://x.example/a?b=\"onmouseover=alert(1)&c=<d>", 10).HtmlBody;

        Assert.DoesNotContain("\"onmouseover", html);
        Assert.Contains("&quot;onmouseover=alert(1)&amp;c=&lt;d&gt;", html);
    }
}
