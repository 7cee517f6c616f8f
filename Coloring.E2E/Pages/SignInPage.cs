using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary>
/// <c>/account/sign-in</c>, and the same "send a link" form wherever it appears (on a used or expired link).
/// </summary>
public sealed class SignInPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Coloring" });

    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });

    public ILocator SendLinkButton => page.GetByRole(AriaRole.Button, new() { Name = "Send sign-in link" });

    /// <summary>The element right after the input: where the form puts its message about the address.</summary>
    public ILocator EmailError => Email.Locator("xpath=following-sibling::*[1]");

    public async Task GotoAsync(string? returnUrl = null) =>
        await page.GotoAsync(returnUrl is null ? "/account/sign-in" : $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");

    public async Task RequestLinkAsync(string email)
    {
        await Email.FillAsync(email);
        await SendLinkButton.ClickAsync();
    }
}
