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

    /// <summary>The message about the address, right after the input and named by its aria-describedby.</summary>
    public ILocator EmailError => page.Locator("#email-error");

    public async Task GotoAsync(string? returnUrl = null) =>
        await page.GotoAsync(returnUrl is null ? "/account/sign-in" : $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");

    public async Task RequestLinkAsync(string email)
    {
        await Email.FillAsync(email);
        await SendLinkButton.ClickAsync();
    }
}
