using Microsoft.Playwright;

namespace Coloring.E2E.Pages;

/// <summary><c>/account/profile</c>: the account, statistics, API tokens and "Delete my account".</summary>
public sealed class ProfilePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Your profile", Level = 1 });

    public ILocator Email => page.GetByTestId("profile-email");

    public ILocator NameField => page.GetByLabel("Display name");

    public ILocator SaveName => page.GetByRole(AriaRole.Button, new() { Name = "Save name" });

    public ILocator TokenNameField => page.GetByLabel("Token name");

    public ILocator CreateToken => page.GetByRole(AriaRole.Button, new() { Name = "Create token" });

    /// <summary>The new token's secret, shown once.</summary>
    public ILocator NewSecret => page.GetByTestId("token-secret");

    /// <summary>Copies the new token to the clipboard; a snackbar confirms.</summary>
    public ILocator CopyToken => page.GetByRole(AriaRole.Button, new() { Name = "Copy token" });

    public ILocator Tokens => page.GetByRole(AriaRole.Table, new() { Name = "API tokens" });

    public ILocator DeleteAccount => page.GetByRole(AriaRole.Button, new() { Name = "Delete my account…" });

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator ConfirmAddress => Dialog.GetByLabel("Type your e-mail address to confirm");

    public ILocator DeleteEverything => Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete everything" });

    public ILocator Message(string text) => page.GetByText(text);

    public async Task GotoAsync() => await page.GotoAsync("/account/profile");
}
