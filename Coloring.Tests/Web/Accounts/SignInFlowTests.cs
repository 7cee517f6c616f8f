using System.Net;
using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Coloring.Tests.Support;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Accounts;

public sealed class SignInFlowOnSqliteTests() : SignInFlowTests(DatabaseProvider.Sqlite);

public sealed class SignInFlowOnPostgresTests() : SignInFlowTests(DatabaseProvider.Postgres);

/// <summary>The magic-link journey through the real app, database and SMTP, as a browser makes it.</summary>
public abstract class SignInFlowTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly AdjustableClock _clock = new();
    private TestDatabase _database = null!;
    private TestMailServer _mail = null!;
    private ColoringAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _mail = new TestMailServer();
        _app = new ColoringAppFactory(_database, _mail, _clock, settings: new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = "boss@example.com" });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _mail.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task SigningInByTheEmailedLinkCreatesAnAccountWithThreeCredits()
    {
        var browser = _app.CreateBrowser();

        var continued = await SignInAsync(browser, "ann@example.com");

        Assert.Equal(HttpStatusCode.Redirect, continued.StatusCode);
        Assert.Equal("/", continued.Headers.Location?.PathAndQueryOrOriginal());
        var credits = await browser.GetStringAsync("/credits");
        Assert.Contains("3 credits", credits);
    }

    [Fact]
    public async Task TheSignInCookieIsSecureHttpOnlyLaxAndLastsThirtyDays()
    {
        var continued = await SignInAsync(_app.CreateBrowser(), "ann@example.com");

        var cookie = continued.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Coloring.Auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        var expires = DateTimeOffset.Parse(cookie.Split("expires=")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - _clock.GetUtcNow(), TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
    }

    [Fact]
    public async Task TheEmailCarriesOneLinkToThisSite()
    {
        await RequestLinkAsync(_app.CreateBrowser(), "ann@example.com");

        var message = await _mail.WaitForMessageToAsync("ann@example.com");

        Assert.StartsWith($"{ColoringAppFactory.BaseUrl}/account/magic?token=", TestMailServer.LinkIn(message));
        Assert.Equal("Your sign-in link for Coloring", message.Subject);
    }

    [Fact]
    public async Task KnownAndUnknownAddressesGetTheSameAnswer()
    {
        await SignInAsync(_app.CreateBrowser(), "known@example.com");

        var known = await RequestLinkAsync(_app.CreateBrowser(), "known@example.com");
        var unknown = await RequestLinkAsync(_app.CreateBrowser(), "stranger@example.com");

        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal("/account/check-email", known.Headers.Location?.PathAndQueryOrOriginal());
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
    }

    [Theory]
    [InlineData("not-an-email", "Enter a valid e-mail address")]
    [InlineData("a@b", "Enter a valid e-mail address")]
    [InlineData("   ", "Enter your e-mail address")]
    [InlineData("ann@example.com\r\nBcc: all@example.com", "Enter a valid e-mail address")]
    [InlineData("<script>alert(1)</script>", "Enter a valid e-mail address")]
    public async Task AMalformedAddressIsRefusedWithAMessageAndNoLinkIsMade(string email, string message)
    {
        var response = await RequestLinkAsync(_app.CreateBrowser(), email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Equal(0, await CountAsync(db => db.MagicLinkTokens));
    }

    [Fact]
    public async Task AHugeAddressIsRefusedWithAMessage()
    {
        var response = await RequestLinkAsync(_app.CreateBrowser(), new string('a', 100_000) + "@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid e-mail address", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.MagicLinkTokens));
    }

    [Fact]
    public async Task OpeningTheLinkDoesNotSignInUntilContinueIsPressed()
    {
        var browser = _app.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");

        var first = await browser.GetStringAsync(link);
        var second = await browser.GetStringAsync(link);

        Assert.Contains("Continue", first);
        Assert.Contains("ann@example.com", second);
        Assert.Equal(0, await CountAsync(db => db.Users));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task AReusedLinkSaysItWasAlreadyUsedAndOffersANewOne()
    {
        var link = await LinkForAsync(_app.CreateBrowser(), "ann@example.com");
        await _app.CreateBrowser().SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = TokenOf(link) });

        var again = await _app.CreateBrowser().GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("This link was already used", html);
        Assert.Contains("Send sign-in link", html);
        Assert.DoesNotContain(">Continue<", html);
    }

    [Fact]
    public async Task ALinkUsedInAnotherTabWhileThisOneWaitsDoesNotSignInTwice()
    {
        var link = await LinkForAsync(_app.CreateBrowser(), "ann@example.com");
        var waitingTab = _app.CreateBrowser();
        var waitingPage = await waitingTab.GetStringAsync(link);
        await _app.CreateBrowser().SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = TokenOf(link) });

        var late = await waitingTab.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "continue",
            ["__RequestVerificationToken"] = FormPosting.AntiforgeryToken(waitingPage),
            ["Input.Token"] = TokenOf(link),
        }));

        Assert.NotEqual(HttpStatusCode.Redirect, late.StatusCode);
        Assert.DoesNotContain(late.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("Coloring.Auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await waitingTab.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredLinkSaysSo()
    {
        var browser = _app.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");
        _clock.Advance(TimeSpan.FromMinutes(11));

        var html = await browser.GetStringAsync(link);

        Assert.Contains("This link has expired", html);
        Assert.DoesNotContain(">Continue<", html);
    }

    [Fact]
    public async Task AForgedTokenPostedDirectlyDoesNotSignIn()
    {
        var browser = _app.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");

        var response = await browser.SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = new string('A', 43) });

        Assert.Contains("This link doesn", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.Users));
    }

    [Fact]
    public async Task ContinueWithoutTheAntiforgeryTokenIsRejected()
    {
        var browser = _app.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");

        var response = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "continue", ["Input.Token"] = TokenOf(link) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountAsync(db => db.Users));
    }

    [Theory]
    [InlineData("/credits", "/credits")]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    public async Task AfterSignInOnlyALocalReturnUrlIsFollowed(string returnUrl, string landing)
    {
        var browser = _app.CreateBrowser();

        var continued = await SignInAsync(browser, "ann@example.com", returnUrl);

        Assert.Equal(landing, continued.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SigningInTwiceKeepsOneAccountAndThreeCredits()
    {
        await SignInAsync(_app.CreateBrowser(), "ann@example.com");
        var browser = _app.CreateBrowser();
        await SignInAsync(browser, "ANN@example.com");

        Assert.Equal(1, await CountAsync(db => db.Users));
        Assert.Contains("3 credits", await browser.GetStringAsync("/credits"));
    }

    [Fact]
    public async Task AnAddressListedInAdminEmailsGetsTheAdminRole()
    {
        await SignInAsync(_app.CreateBrowser(), "boss@example.com");
        await SignInAsync(_app.CreateBrowser(), "ann@example.com");

        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync("boss@example.com"))!, "Admin"));
        Assert.False(await users.IsInRoleAsync((await users.FindByEmailAsync("ann@example.com"))!, "Admin"));
    }

    [Fact]
    public async Task ALockedAccountCannotSignIn()
    {
        await SignInAsync(_app.CreateBrowser(), "ann@example.com");
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("ann@example.com"))!, DateTimeOffset.MaxValue);
        }

        var browser = _app.CreateBrowser();
        var response = await SignInAsync(browser, "ann@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is locked", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var browser = _app.CreateBrowser();
        await SignInAsync(browser, "ann@example.com");

        var signedOut = await browser.SubmitFormAsync("/account/sign-in", "", new Dictionary<string, string> { ["returnUrl"] = "/" }, postPath: "/account/sign-out");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var credits = await browser.GetAsync("/credits");
        Assert.Equal(HttpStatusCode.Redirect, credits.StatusCode);
        Assert.StartsWith("/account/sign-in", credits.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRejected()
    {
        var browser = _app.CreateBrowser();
        await SignInAsync(browser, "ann@example.com");

        var response = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task AProtectedPageSendsAVisitorToSignInAndBack()
    {
        var response = await _app.CreateBrowser().GetAsync("/credits");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in?returnUrl=%2Fcredits", response.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task CookieKeysAreKeptInTheDatabase()
    {
        await SignInAsync(_app.CreateBrowser(), "ann@example.com");

        Assert.True(await CountAsync(db => ((IDataProtectionKeyContext)db).DataProtectionKeys) > 0);
    }

    private async Task<HttpResponseMessage> RequestLinkAsync(HttpClient browser, string email, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email };
        if (returnUrl is not null)
        {
            fields["Input.ReturnUrl"] = returnUrl;
        }

        return await browser.SubmitFormAsync("/account/sign-in", "send-link", fields);
    }

    private async Task<string> LinkForAsync(HttpClient browser, string email, string? returnUrl = null)
    {
        var sent = await RequestLinkAsync(browser, email, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var message = await _mail.WaitForMessageToAsync(email);
        _mail.Forget(message);
        return new Uri(TestMailServer.LinkIn(message)).PathAndQuery;
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string? returnUrl = null)
    {
        var link = await LinkForAsync(browser, email, returnUrl);
        return await browser.SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = TokenOf(link) });
    }

    private static string TokenOf(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

    private async Task<int> CountAsync<T>(Func<ColoringDbContext, IQueryable<T>> set)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await set(db).CountAsync();
    }
}

internal static class UriExtensions
{
    public static string PathAndQueryOrOriginal(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
