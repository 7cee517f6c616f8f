using System.Text.RegularExpressions;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class SignInJourneyTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ANewParentSignsInByTheEmailedLinkSeesThreeWelcomeCreditsAndSignsOut()
    {
        var email = NewEmail("parent");
        var home = new HomePage(Page);
        await home.GotoAsync();
        await Expect(home.Heading).ToBeVisibleAsync();
        await Expect(home.Shell.SignInButton).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "01-home-signed-out");

        await home.Shell.SignInButton.ClickAsync();
        var signIn = new SignInPage(Page);
        await Expect(signIn.Heading).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "02-sign-in");

        await signIn.RequestLinkAsync(email);
        var checkEmail = new CheckEmailPage(Page);
        await checkEmail.ExpectShownAsync();
        await Expect(checkEmail.SentTo).ToContainTextAsync(email);
        await Expect(checkEmail.SendAnotherLink).ToHaveAttributeAsync("href", "/account/sign-in");
        await Screenshots.CaptureAsync(Page, "03-check-email");

        var message = await Mail.WaitForMessageToAsync(email);
        Assert.Equal("Your sign-in link for Coloring", message.Subject);
        Assert.Contains("no-reply@coloring.test", message.From);
        Assert.StartsWith(Fixture.BaseUrl + "/account/magic?token=", message.SignInLink);
        Assert.Contains("for 10 minutes", message.TextBody);

        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync(message.SignInLink);
        await Expect(magic.Heading).ToHaveTextAsync("Continue to Coloring");
        await Expect(Page.GetByText($"You are signing in as {email}.")).ToBeVisibleAsync();
        await Expect(new AppShell(Page).SignInButton).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(Page, "04-magic-link-continue");

        await magic.ContinueAsync();
        await Expect(Page).ToHaveURLAsync(Url("/"));
        var shell = new AppShell(Page);
        await Expect(shell.UserMenu).ToContainTextAsync(email);
        await Expect(shell.Balance).ToHaveTextAsync("3 credits");
        await Expect(shell.Balance).ToHaveAccessibleNameAsync("Balance: 3 credits");
        Assert.Equal("3 credits", (await shell.Balance.InnerTextAsync()).Trim()); // as shown, not upper-cased by CSS
        await Expect(Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Turn any photo into a coloring page");
        await Expect(shell.SignInButton).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(Page, "05-home-signed-in");

        // On a phone the bar keeps the product's name and gives the balance room; the address moves into the menu.
        await Page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);
        await Expect(shell.Brand).ToBeVisibleAsync();
        await Expect(shell.Brand.GetByText("Coloring", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(shell.Balance).ToBeVisibleAsync();
        var brand = (await shell.Brand.BoundingBoxAsync())!;
        var balance = (await shell.Balance.BoundingBoxAsync())!;
        Assert.True(brand.X + brand.Width + 16 <= balance.X, "The balance keeps its distance from the brand.");
        await Layout.ExpectNoSidewaysScrollAsync(Page);
        await Page.SetViewportSizeAsync(Screenshots.Desktop.Width, Screenshots.Desktop.Height);

        await shell.OpenUserMenuAsync();
        await Expect(shell.CreditsMenuItem).ToBeVisibleAsync();
        await Expect(shell.MenuAddress).ToHaveTextAsync(email);
        // Disabled because it is no action, but not greyed out: it is there to be read.
        await Expect(shell.MenuAddress).ToHaveCSSAsync("color", "rgb(66, 66, 66)");
        await Screenshots.CaptureAsync(Page, "06-home-user-menu-open");
        await shell.CreditsMenuItem.ClickAsync();

        var credits = new CreditsPage(Page);
        await Expect(Page).ToHaveURLAsync(Url("/credits"));
        await Expect(credits.Heading).ToBeVisibleAsync();
        await Expect(credits.Balance).ToHaveTextAsync("3 credits");
        await Expect(credits.HistoryRow("Welcome credits")).ToContainTextAsync("+3");
        await Expect(credits.Shell.Balance).ToHaveTextAsync("3 credits");
        await Screenshots.CaptureAsync(Page, "07-credits");

        await credits.Shell.SignOutAsync();
        await Expect(Page).ToHaveURLAsync(Url("/"));
        await Expect(shell.SignInButton).ToBeVisibleAsync();
        await Expect(shell.UserMenu).ToHaveCountAsync(0);
        await Expect(shell.Balance).ToHaveCountAsync(0);
        Assert.DoesNotContain(await Page.Context.CookiesAsync(), c => c.Name == "Coloring.Auth");

        // Signed out for real: the protected page sends us to sign in again.
        await Page.GotoAsync("/credits");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in\\?returnUrl=%2Fcredits$"));
    }

    [Fact]
    public async Task TheUserMenuOpensFromTheKeyboard()
    {
        var email = NewEmail("keys");
        await SignInAsync(Page, email);
        var shell = new AppShell(Page);
        await Expect(shell.SignOutButton).ToBeHiddenAsync();

        // Wait for the circuit (the pointer path retries until it is up), then close the menu again.
        await shell.OpenUserMenuAsync();
        await shell.UserMenu.ClickAsync(); // it toggles
        await Expect(shell.SignOutButton).ToBeHiddenAsync();

        await shell.UserMenu.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(shell.SignOutButton).ToBeVisibleAsync();
        await Expect(shell.MenuAddress).ToHaveTextAsync(email);
    }

    [Fact]
    public async Task UnknownAndKnownAddressesGetTheSameCheckYourEmailPage()
    {
        var known = NewEmail("known");
        var unknown = NewEmail("unknown");
        await SignInAsync(await NewPageAsync(), known);

        var signIn = new SignInPage(Page);
        var checkEmail = new CheckEmailPage(Page);

        await signIn.GotoAsync();
        await signIn.RequestLinkAsync(known);
        await checkEmail.ExpectShownAsync();
        await Expect(checkEmail.SentTo).ToContainTextAsync(known);
        // The page names the address typed; apart from that, it must not tell the two apart.
        var forKnown = (await checkEmail.Card.InnerTextAsync()).Replace(known, "{address}", StringComparison.Ordinal);
        var titleForKnown = await Page.TitleAsync();

        await signIn.GotoAsync();
        await signIn.RequestLinkAsync(unknown);
        await checkEmail.ExpectShownAsync();
        var forUnknown = (await checkEmail.Card.InnerTextAsync()).Replace(unknown, "{address}", StringComparison.Ordinal);

        Assert.Contains("{address}", forKnown);
        Assert.Equal(forKnown, forUnknown);
        Assert.Equal(titleForKnown, await Page.TitleAsync());

        // Both get a link: the unknown address's link is how a new account starts.
        Assert.Equal(2, (await Task.WhenAll(Mail.WaitForMessageToAsync(unknown), Mail.WaitForMessageToAsync(known))).Length);
        Assert.Equal(2, Mail.MessagesTo(known).Count);
    }
}
