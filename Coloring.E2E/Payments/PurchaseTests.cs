using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Payments;

[Collection(E2ECollection.Name)]
public sealed class PurchaseTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task APackBoughtThroughCheckoutArrivesLiveOnTheOpenPageAndInTheBar()
    {
        Fixture.Stripe.WebhookDelay = TimeSpan.FromSeconds(3);
        var email = NewEmail("buyer");
        await SignInAsync(Page, email);
        var credits = new CreditsPage(Page);
        await credits.GotoAsync();
        await Expect(credits.Balance).ToHaveTextAsync("3 credits");
        await Expect(credits.Buy(30)).ToBeVisibleAsync();
        await Screenshots.CaptureAsync(Page, "80-credits-packs");

        await credits.Buy(10).ClickAsync();

        // The fake's hosted checkout sends the browser back at once; Stripe's webhook follows three seconds later.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/credits/bought\?session_id=cs_test_"));
        var state = Page.GetByTestId("purchase-state");
        await Expect(state).ToContainTextAsync("We are confirming your payment of 4.99 EUR");
        await Screenshots.CaptureAsync(Page, "81-purchase-confirming");
        await Expect(state).ToHaveTextAsync("10 credits added.", new() { Timeout = 20_000 });
        await Expect(Page.GetByTestId("balance")).ToHaveTextAsync("You now have 13 credits.");
        await Expect(credits.Shell.Balance).ToContainTextAsync("13 credits");
        await Screenshots.CaptureAsync(Page, "82-purchase-done");

        await credits.GotoAsync();
        await Expect(credits.Balance).ToHaveTextAsync("13 credits");
        await Expect(credits.Purchases).ToContainTextAsync("4.99 EUR");
        await Expect(credits.Purchases).ToContainTextAsync("10 credits");
        await Expect(credits.HistoryRow("Purchase")).ToContainTextAsync("+10");
        await Layout.ExpectNoSidewaysScrollAsync(Page);
        await Screenshots.CaptureAsync(Page, "83-credits-purchases");
    }

    [Fact]
    public async Task BuyingWhileSignedOutAsksForSignInFirstAndComesBackToThePacks()
    {
        await Page.GotoAsync("/credits");

        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        await SignInAsync(Page, NewEmail("later"), "/credits");
        var credits = new CreditsPage(Page);
        await Expect(credits.Buy(10)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AtNoCreditsCreateOffersMoreCreditsAndTheLimitIsShown()
    {
        var email = NewEmail("empty");
        await SignInAsync(Page, email);
        await RemoveAllCreditsAsync(email);
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await create.WaitUntilReadyAsync();

        await Expect(Page.GetByTestId("limits")).ToContainTextAsync("You can start up to");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Get more credits" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(Url("/credits"));
        await Screenshots.CaptureAsync(Page, "84-credits-at-zero");
    }
}
