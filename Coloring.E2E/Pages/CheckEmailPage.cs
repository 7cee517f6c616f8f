using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Pages;

/// <summary><c>/account/check-email</c>: the same answer whether or not the address has an account.</summary>
public sealed class CheckEmailPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail", Level = 1 });

    /// <summary>The card with everything the page says.</summary>
    public ILocator Card => page.Locator(".account-card");

    /// <summary>The sentence naming the address the link went to.</summary>
    public ILocator SentTo => page.GetByTestId("sent-to");

    public ILocator SendAnotherLink => page.GetByRole(AriaRole.Link, new() { Name = "send another link" });

    public async Task ExpectShownAsync()
    {
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/check-email$"));
        await Expect(Heading).ToBeVisibleAsync();
    }
}
