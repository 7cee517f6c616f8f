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
public abstract class SignInFlowTests(DatabaseProvider provider) : AppTest(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:AdminEmails:0"] = "boss@example.com" };

    [Fact]
    public async Task SigningInByTheEmailedLinkCreatesAnAccountWithThreeCredits()
    {
        var browser = App.CreateBrowser();

        var continued = await SignInAsync(browser, "ann@example.com");

        Assert.Equal(HttpStatusCode.Redirect, continued.StatusCode);
        Assert.Equal("/", continued.Headers.Location?.PathAndQueryOrOriginal());
        var credits = await browser.GetStringAsync("/credits");
        Assert.Contains("3 credits", credits);
    }

    [Fact]
    public async Task TheSignInCookieIsSecureHttpOnlyLaxAndLastsThirtyDays()
    {
        var continued = await SignInAsync(App.CreateBrowser(), "ann@example.com");

        var cookie = continued.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Coloring.Auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        var expires = DateTimeOffset.Parse(cookie.Split("expires=")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - Clock.GetUtcNow(), TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
    }

    [Fact]
    public async Task TheEmailCarriesOneLinkToThisSite()
    {
        await RequestLinkAsync(App.CreateBrowser(), "ann@example.com");

        var message = await Mail.WaitForMessageToAsync("ann@example.com");

        Assert.StartsWith($"{ColoringAppFactory.BaseUrl}/account/magic?token=", message.SignInLink);
        Assert.Equal("Your sign-in link for Coloring", message.Subject);
    }

    [Fact]
    public async Task TheEmailHasAPlainTextAndAnHtmlPartEachWithTheLinkAndTheReasonForContinue()
    {
        await RequestLinkAsync(App.CreateBrowser(), "ann@example.com");

        var message = await Mail.WaitForMessageToAsync("ann@example.com");

        Assert.Equal("multipart/alternative", message.BodyType);
        Assert.Contains(message.SignInLink, message.TextBody);
        Assert.Contains($"href=\"{message.SignInLink}\"", message.HtmlBody);
        Assert.Contains("Sign in to Coloring</a>", message.HtmlBody);
        Assert.Contains("mail programs open links", message.TextBody);
        Assert.Contains("mail programs open links", message.HtmlBody);
    }

    [Fact]
    public async Task KnownAndUnknownAddressesGetTheSameAnswer()
    {
        await SignInAsync(App.CreateBrowser(), "known@example.com");

        var known = await RequestLinkAsync(App.CreateBrowser(), "known@example.com");
        var unknown = await RequestLinkAsync(App.CreateBrowser(), "stranger@example.com");

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
        var response = await RequestLinkAsync(App.CreateBrowser(), email);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Equal(0, await CountAsync(db => db.MagicLinkTokens));
    }

    [Fact]
    public async Task AHugeAddressIsRefusedWithAMessage()
    {
        var response = await RequestLinkAsync(App.CreateBrowser(), new string('a', 100_000) + "@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid e-mail address", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.MagicLinkTokens));
    }

    [Fact]
    public async Task OpeningTheLinkDoesNotSignInUntilContinueIsPressed()
    {
        var browser = App.CreateBrowser();
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
        var link = await LinkForAsync(App.CreateBrowser(), "ann@example.com");
        await ContinueAsync(App.CreateBrowser(), link);

        var again = await App.CreateBrowser().GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.Contains("This link was already used", html);
        Assert.Contains("Send sign-in link", html);
        Assert.DoesNotContain(">Continue<", html);
    }

    [Fact]
    public async Task ALinkUsedInAnotherTabWhileThisOneWaitsDoesNotSignInTwice()
    {
        var link = await LinkForAsync(App.CreateBrowser(), "ann@example.com");
        var waitingTab = App.CreateBrowser();
        var waitingPage = await waitingTab.GetStringAsync(link);
        await ContinueAsync(App.CreateBrowser(), link);

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
        var browser = App.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");
        Clock.Advance(TimeSpan.FromMinutes(11));

        var html = await browser.GetStringAsync(link);

        Assert.Contains("This link has expired", html);
        Assert.DoesNotContain(">Continue<", html);
    }

    [Fact]
    public async Task AForgedTokenPostedDirectlyDoesNotSignIn()
    {
        var browser = App.CreateBrowser();
        var link = await LinkForAsync(browser, "ann@example.com");

        var response = await browser.SubmitFormAsync(link, "continue", new Dictionary<string, string> { ["Input.Token"] = new string('A', 43) });

        Assert.Contains("This link doesn", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.Users));
    }

    [Fact]
    public async Task ContinueWithoutTheAntiforgeryTokenIsRejected()
    {
        var browser = App.CreateBrowser();
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
        var browser = App.CreateBrowser();

        var continued = await SignInAsync(browser, "ann@example.com", returnUrl);

        Assert.Equal(landing, continued.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task SigningInTwiceKeepsOneAccountAndThreeCredits()
    {
        await SignInAsync(App.CreateBrowser(), "ann@example.com");
        var browser = App.CreateBrowser();
        await SignInAsync(browser, "ANN@example.com");

        Assert.Equal(1, await CountAsync(db => db.Users));
        Assert.Contains("3 credits", await browser.GetStringAsync("/credits"));
    }

    [Fact]
    public async Task AnAddressListedInAdminEmailsGetsTheAdminRole()
    {
        await SignInAsync(App.CreateBrowser(), "boss@example.com");
        await SignInAsync(App.CreateBrowser(), "ann@example.com");

        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync("boss@example.com"))!, "Admin"));
        Assert.False(await users.IsInRoleAsync((await users.FindByEmailAsync("ann@example.com"))!, "Admin"));
    }

    [Fact]
    public async Task ALockedAccountCannotSignIn()
    {
        await SignInAsync(App.CreateBrowser(), "ann@example.com");
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("ann@example.com"))!, DateTimeOffset.MaxValue);
        }

        var browser = App.CreateBrowser();
        var response = await SignInAsync(browser, "ann@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is locked", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var browser = App.CreateBrowser();
        await SignInAsync(browser, "ann@example.com");

        var signedOut = await browser.SubmitFormAsync("/account/sign-in", "", new Dictionary<string, string> { ["returnUrl"] = "/" }, postPath: "/account/sign-out");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var credits = await browser.GetAsync("/credits");
        Assert.Equal(HttpStatusCode.Redirect, credits.StatusCode);
        Assert.StartsWith("/account/sign-in", credits.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task ACopiedCookieStopsWorkingOnceItsOwnerSignsOut()
    {
        var browser = App.CreateBrowser();
        var continued = await SignInAsync(browser, "ann@example.com");
        var copy = App.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", string.Join("; ", continued.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("Coloring.Auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0])));
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/credits")).StatusCode);

        await browser.SubmitFormAsync("/account/sign-in", "", new Dictionary<string, string> { ["returnUrl"] = "/" }, postPath: "/account/sign-out");
        Clock.Advance(TimeSpan.FromMinutes(1.5)); // the cookie's security stamp is checked once a minute

        var afterSignOut = await copy.GetAsync("/credits");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.StartsWith("/account/sign-in", afterSignOut.Headers.Location?.PathAndQueryOrOriginal());
        Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync("ann@example.com")).Browser.GetAsync("/credits")).StatusCode);
    }

    [Theory]
    [InlineData("\u017Fis@example.com", "sis@example.com")]          // long s
    [InlineData("\u212Aate@example.com", "kate@example.com")]        // Kelvin sign
    [InlineData("\uFF53\uFF49\uFF53@example.com", "sis@example.com")] // fullwidth letters
    public async Task ALinkAskedForALookAlikeGoesOnlyToTheRealMailbox(string lookAlike, string real)
    {
        await SignInAsync(App.CreateBrowser(), real);

        var sent = await RequestLinkAsync(App.CreateBrowser(), lookAlike);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await Mail.WaitForAsync(m => m.To == real, $"an e-mail to {real}");
        await Task.Delay(300);
        Assert.All(Mail.Messages, m => Assert.Equal(real, m.To));
        Assert.Equal(1, await CountAsync(db => db.Users));
    }

    [Theory]
    [InlineData("s\u0131s@example.com")]  // dotless i
    [InlineData("\u0130an@example.com")]  // dotted capital I
    [InlineData("\u212Bsa@example.com")]  // Angstrom sign
    [InlineData("s\u0307is@example.com")] // combining dot above
    public async Task ALookAlikeThatIsNotAsciiIsRefusedAndNoLinkIsMade(string lookAlike)
    {
        await SignInAsync(App.CreateBrowser(), "sis@example.com");

        var response = await RequestLinkAsync(App.CreateBrowser(), lookAlike);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter a valid e-mail address", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await CountAsync(db => db.MagicLinkTokens.Where(t => t.ConsumedAt == null)));
    }

    [Fact]
    public async Task ALookAlikeDomainOfTheAdminAddressGetsItsOwnAccountWithoutTheAdminRole()
    {
        var browser = App.CreateBrowser();
        var lookAlike = "boss@exampl\u0435.com"; // Cyrillic e
        await RequestLinkAsync(browser, lookAlike);
        // The mail goes to the look-alike domain (MimeKit reads its punycode back as Unicode), the owner of that domain.
        var message = await Mail.WaitForAsync(m => m.To == lookAlike || m.To == EmailAddress.Canonicalize(lookAlike), "an e-mail to the look-alike domain");

        await ContinueAsync(browser, new Uri(message.SignInLink).PathAndQuery);

        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ColoringUser>>();
        var account = await users.FindByEmailAsync(EmailAddress.Canonicalize(lookAlike)!);
        Assert.NotNull(account);
        Assert.StartsWith("boss@xn--", account.Email, StringComparison.Ordinal);
        Assert.False(await users.IsInRoleAsync(account, "Admin"));
        Assert.Null(await users.FindByEmailAsync("boss@example.com"));
    }

    [Fact]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRejected()
    {
        var browser = App.CreateBrowser();
        await SignInAsync(browser, "ann@example.com");

        var response = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task ASignOutFormFloodedWithFieldsIsRefusedNotAnError()
    {
        var browser = App.CreateBrowser();
        await SignInAsync(browser, "ann@example.com");
        var flood = Enumerable.Range(0, 2000).ToDictionary(i => $"f{i}", _ => "x");
        flood["returnUrl"] = "/";

        var response = await browser.SubmitFormAsync("/account/sign-in", "", flood, postPath: "/account/sign-out");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/credits")).StatusCode);
    }

    [Fact]
    public async Task AProtectedPageSendsAVisitorToSignInAndBack()
    {
        var response = await App.CreateBrowser().GetAsync("/credits");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in?returnUrl=%2Fcredits", response.Headers.Location?.PathAndQueryOrOriginal());
    }

    [Fact]
    public async Task CookieKeysAreKeptInTheDatabase()
    {
        await SignInAsync(App.CreateBrowser(), "ann@example.com");

        Assert.True(await CountAsync(db => ((IDataProtectionKeyContext)db).DataProtectionKeys) > 0);
    }

    private static async Task<HttpResponseMessage> RequestLinkAsync(HttpClient browser, string email, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = email };
        if (returnUrl is not null)
        {
            fields["Input.ReturnUrl"] = returnUrl;
        }

        return await browser.SubmitFormAsync("/account/sign-in", "send-link", fields);
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string? returnUrl = null) =>
        await ContinueAsync(browser, await LinkForAsync(browser, email, returnUrl));

    private async Task<int> CountAsync<T>(Func<ColoringDbContext, IQueryable<T>> set)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await set(db).CountAsync();
    }
}

internal static class UriExtensions
{
    public static string PathAndQueryOrOriginal(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
