using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Pages;

/// <summary>The app bar on every page: brand, credit balance, user menu or the Sign in button.</summary>
public sealed class AppShell(IPage page)
{
    public ILocator Bar => page.GetByRole(AriaRole.Banner);

    /// <summary>The balance link, named "Balance: 3 credits" for screen readers and showing "3 credits".</summary>
    public ILocator Balance => Bar.GetByRole(AriaRole.Link, new() { Name = "Balance:" });

    public ILocator SignInButton => Bar.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true });

    /// <summary>
    /// The button that opens the user menu; it shows the signed-in address (hidden on phones). By test id
    /// because MudMenu nests the button in a second element with role button and the same name.
    /// </summary>
    public ILocator UserMenu => page.GetByTestId("user-menu");

    /// <summary>The first, disabled menu item: the signed-in address, findable on a phone too.</summary>
    public ILocator MenuAddress => page.GetByTestId("menu-address");

    /// <summary>The brand link to the home page: the icon and the product's name, on phones too.</summary>
    public ILocator Brand => Bar.GetByRole(AriaRole.Link, new() { Name = "Coloring, home" });

    public ILocator CreditsMenuItem => page.GetByRole(AriaRole.Menuitem, new() { Name = "Credits" });

    public ILocator SignOutButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" });

    /// <summary>
    /// Opens the user menu. The app bar is prerendered before its Blazor circuit connects, and a click
    /// before that does nothing; so click again until the menu shows (each wait is an auto-wait, not a sleep).
    /// </summary>
    public async Task OpenUserMenuAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            // The button toggles: never click again once the menu is open.
            if (await SignOutButton.IsVisibleAsync())
            {
                return;
            }

            await UserMenu.ClickAsync();
            try
            {
                await Expect(SignOutButton).ToBeVisibleAsync(new() { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 5)
            {
            }
        }
    }

    public async Task GoToCreditsAsync()
    {
        await OpenUserMenuAsync();
        await CreditsMenuItem.ClickAsync();
    }

    public async Task SignOutAsync()
    {
        await OpenUserMenuAsync();
        await SignOutButton.ClickAsync();
    }
}
