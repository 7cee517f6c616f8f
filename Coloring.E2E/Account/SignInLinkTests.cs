using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Account;

[Collection(E2ECollection.Name)]
public sealed class SignInLinkTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ALinkUsedOnceSaysItWasAlreadyUsedAndOffersANewOne()
    {
        var email = NewEmail("reuse");
        var link = await RequestLinkAsync(Page, email);
        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync(link);
        await magic.ContinueAsync();
        await Expect(new AppShell(Page).UserMenu).ToContainTextAsync(email);

        // The same link again, in another browser (as if forwarded or opened twice).
        var other = await NewPageAsync();
        var again = new MagicLinkPage(other);
        await again.OpenAsync(link);

        await Expect(again.Heading).ToHaveTextAsync("This link was already used");
        await Expect(again.Problem).ToHaveTextAsync("Each sign-in link works once, and this one has been used.");
        await Expect(again.ContinueButton).ToHaveCountAsync(0);
        await Expect(again.NewLinkForm.Email).ToBeEditableAsync();
        await Expect(again.NewLinkForm.SendLinkButton).ToBeVisibleAsync();
        // The form to sign in is right here: the app bar does not offer a second way round.
        await Expect(new AppShell(other).SignInButton).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(other, "09-magic-link-already-used");

        // The offered form works.
        await again.NewLinkForm.RequestLinkAsync(email);
        await new CheckEmailPage(other).ExpectShownAsync();
        await Mail.WaitForAsync(m => m.To == email && m.SignInLink != link, "a second link");
    }

    [Fact]
    public async Task ALinkOpenedAfterTenMinutesSaysItHasExpired()
    {
        var email = NewEmail("late");
        var link = await RequestLinkAsync(Page, email);

        Fixture.Clock.Advance(TimeSpan.FromMinutes(11));
        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync(link);

        await Expect(magic.Heading).ToHaveTextAsync("This link has expired");
        await Expect(magic.Problem).ToHaveTextAsync("Sign-in links work for 10 minutes, and this one is older.");
        await Expect(magic.ContinueButton).ToHaveCountAsync(0);
        await Expect(magic.NewLinkForm.SendLinkButton).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "10-magic-link-expired");
    }

    [Fact]
    public async Task AMadeUpLinkSaysItDoesNotWork()
    {
        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync("/account/magic?token=" + new string('x', 43));

        await Expect(magic.Heading).ToHaveTextAsync("This link doesn't work");
        await Expect(magic.ContinueButton).ToHaveCountAsync(0);
        await Expect(magic.NewLinkForm.SendLinkButton).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "11-magic-link-unknown");
    }

    [Fact]
    public async Task OpeningAnotherAccountsLinkWarnsThenSwitchesToThatAccount()
    {
        var a = NewEmail("ann");
        var b = NewEmail("bob");
        await SignInAsync(Page, a);
        var cookieOfA = (await Page.Context.CookiesAsync()).Single(c => c.Name == "Coloring.Auth").Value;

        // B's link, asked for elsewhere, opened in the browser where A is signed in.
        var linkForB = await RequestLinkAsync(await NewPageAsync(), b);
        var magic = new MagicLinkPage(Page);
        await magic.OpenAsync(linkForB);

        await Expect(magic.Heading).ToHaveTextAsync("Continue to Coloring");
        await Expect(Page.GetByText($"You are signing in as {b}.")).ToBeVisibleAsync();
        await Expect(magic.SwitchAccountWarning).ToHaveTextAsync(
            $"You are signed in as {a}. Continuing signs you out of that account and into {b}.");
        await Screenshots.CaptureAsync(Page, "12-magic-link-switch-account");

        // Two long addresses still fit a phone: they wrap inside the card instead of widening the page.
        await Page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);
        await Layout.ExpectNoSidewaysScrollAsync(Page);
        await Layout.ExpectNoOverflowAsync(magic.SwitchAccountWarning);
        await Layout.ExpectNoOverflowAsync(Page.Locator(".account-card"));
        await Page.SetViewportSizeAsync(Screenshots.Desktop.Width, Screenshots.Desktop.Height);

        await magic.ContinueAsync();

        var shell = new AppShell(Page);
        await Expect(Page).ToHaveURLAsync(Url("/"));
        await Expect(shell.UserMenu).ToContainTextAsync(b);
        await Expect(shell.UserMenu).Not.ToContainTextAsync(a);
        var cookies = await Page.Context.CookiesAsync();
        Assert.Single(cookies, c => c.Name == "Coloring.Auth");
        Assert.NotEqual(cookieOfA, cookies.Single(c => c.Name == "Coloring.Auth").Value);

        // A's session is gone from this browser: the credits page is B's.
        var credits = new CreditsPage(Page);
        await credits.GotoAsync();
        await Expect(credits.Shell.UserMenu).ToContainTextAsync(b);
        await Expect(credits.Balance).ToHaveTextAsync("3 credits");
    }
}
