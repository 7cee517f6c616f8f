using System.Text.RegularExpressions;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class ReturnUrlTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task TheCreditsPageSendsASignedOutVisitorToSignInAndBackAfterwards()
    {
        var email = NewEmail("returning");
        await Page.GotoAsync("/credits");

        var signIn = new SignInPage(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in\\?returnUrl=%2Fcredits$"));
        await Expect(signIn.Heading).ToBeVisibleAsync();

        await signIn.RequestLinkAsync(email);
        await new CheckEmailPage(Page).ExpectShownAsync();
        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync((await Mail.WaitForMessageToAsync(email)).SignInLink);
        await magic.ContinueAsync();

        var credits = new CreditsPage(Page);
        await Expect(Page).ToHaveURLAsync(Url("/credits"));
        await Expect(credits.Heading).ToBeVisibleAsync();
        await Expect(credits.Balance).ToHaveTextAsync("3 credits");
    }

    [Fact]
    public async Task AReturnUrlToAnotherSiteLandsOnTheHomePageInstead()
    {
        var email = NewEmail("phished");

        await SignInAsync(Page, email, returnUrl: "https://evil.example");

        await Expect(Page).ToHaveURLAsync(Url("/"));
        await Expect(new HomePage(Page).Heading).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnUnknownAddressShowsTheNotFoundPage()
    {
        await Page.GotoAsync("/no-such-page");

        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "13-not-found");
    }
}
