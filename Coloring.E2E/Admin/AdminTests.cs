using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Coloring.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Admin;

/// <summary>Admin tests change flags for everyone, so they get an app of their own.</summary>
[CollectionDefinition(Name)]
public sealed class AdminCollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "Admin";
}

[Collection(AdminCollection.Name)]
public sealed class AdminTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task AnAdminGrantsFiveCreditsWithAReasonAndTheUsersOpenPageShowsTheNewBalance()
    {
        var parent = NewEmail("parent");
        var user = await NewPageAsync();
        await SignInAsync(user, parent);
        var create = new CreatePage(user);
        await create.GotoAsync();
        await create.WaitUntilReadyAsync();
        await Expect(create.Shell.Balance).ToContainTextAsync("3 credits");

        await SignInAsAdminAsync(Page);
        var admin = new AdminUserPage(Page);
        await admin.GotoAsync(await UserIdAsync(parent));
        await Expect(admin.Balance).ToHaveTextAsync("3 credits");
        await admin.Amount.FillAsync("5");
        await admin.Reason.FillAsync("Sorry: the printer jammed on your pages");
        await Screenshots.CaptureAsync(Page, "admin-user-grant");
        await admin.AddCredits.ClickAsync();
        await Expect(admin.Balance).ToHaveTextAsync("8 credits");
        await Expect(admin.Ledger).ToContainTextAsync("Sorry: the printer jammed on your pages");

        // The parent's page, open all along in another browser, moved without a reload.
        await Expect(create.Shell.Balance).ToContainTextAsync("8 credits");
        await Expect(create.Cost).ToContainTextAsync("You have 8 credits");
        await Screenshots.CaptureAsync(user, "admin-grant-seen-by-user");
        var credits = new CreditsPage(user);
        await credits.GotoAsync();
        await Expect(credits.HistoryRow("Added by support: Sorry: the printer jammed on your pages")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AnAdminTurnsGenerationOffAndTheUsersGenerateButtonIsDisabledWithTheMessage()
    {
        var user = await NewPageAsync();
        await SignInAsync(user, NewEmail("painter"));
        var create = new CreatePage(user);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.Sweets);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.GenerateButton).ToBeEnabledAsync();

        await SignInAsAdminAsync(Page);
        var flags = new AdminFlagsPage(Page);
        await flags.GotoAsync();
        await Expect(flags.Switch("generation_enabled")).ToBeCheckedAsync();
        await flags.Switch("generation_enabled").ClickAsync();
        await flags.Message("generation_enabled").FillAsync("New pages are paused until 6 pm while we update the server.");
        await flags.Save("generation_enabled").ClickAsync();
        await Expect(flags.State("generation_enabled")).ToHaveTextAsync("Off");
        await Screenshots.CaptureAsync(Page, "admin-flags");

        var paused = user.GetByTestId("generation-paused");
        await Expect(paused).ToHaveTextAsync("New pages are paused until 6 pm while we update the server.");
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Screenshots.CaptureAsync(user, "create-generation-paused");

        // On again: the same open page can generate.
        await flags.Switch("generation_enabled").ClickAsync();
        await flags.Save("generation_enabled").ClickAsync();
        await Expect(flags.State("generation_enabled")).ToHaveTextAsync("On");
        await Expect(paused).ToHaveCountAsync(0);
        await Expect(create.GenerateButton).ToBeEnabledAsync();

        // The maintenance banner reaches the same open page, and goes again.
        await flags.Switch("maintenance_banner").ClickAsync();
        await flags.Message("maintenance_banner").FillAsync("Maintenance on Sunday from 8 to 9 am: pages may take longer.");
        await flags.Save("maintenance_banner").ClickAsync();
        var banner = user.GetByTestId("maintenance-banner");
        await Expect(banner).ToHaveTextAsync("Maintenance on Sunday from 8 to 9 am: pages may take longer.");
        await Screenshots.CaptureAsync(user, "maintenance-banner");
        await flags.Switch("maintenance_banner").ClickAsync();
        await flags.Save("maintenance_banner").ClickAsync();
        await Expect(banner).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ANormalUserFindsNoAdminPagesOnTheFirstRequestOrWhenNavigatingInTheApp()
    {
        await SignInAsync(Page, NewEmail("curious"));

        var response = await Page.GotoAsync("/admin/users");
        Assert.Equal(404, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();

        var credits = new CreditsPage(Page);
        await credits.GotoAsync();
        await Expect(credits.Heading).ToBeVisibleAsync();
        await Page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await Page.EvaluateAsync("() => Blazor.navigateTo('/admin/flags')");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Feature flags")).ToHaveCountAsync(0);
        Assert.Equal(404, (await Page.APIRequest.GetAsync("/api/admin/flags")).Status);
    }

    [Fact]
    public async Task TheAdminPagesLookRightOnADesktopAndAPhone()
    {
        await SignInAsAdminAsync(Page);
        foreach (var (path, name) in new[] { ("/admin", "admin-dashboard"), ("/admin/users", "admin-users"), ("/admin/jobs", "admin-jobs"), ("/admin/storage", "admin-storage"), ("/admin/audit", "admin-audit") })
        {
            await Page.GotoAsync(path);
            await new AdminShell(Page).WaitUntilInteractiveAsync();
            await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            if (path is "/admin/users" or "/admin/jobs" or "/admin/audit")
            {
                await Expect(Page.Locator(".mud-table-loading")).ToHaveCountAsync(0);
                await Expect(new AdminShell(Page).TableRows.First).ToBeVisibleAsync();
            }

            if (path == "/admin/users")
            {
                await Expect(Page.Locator(".mud-table-body")).ToContainTextAsync(ColoringAppFactory.AdminEmail);
            }

            await Screenshots.CaptureAsync(Page, name);
        }

        // A finished job as an admin sees it: parameters, timings, quality figures, the photo and the page.
        var owner = NewEmail("owner");
        await SignInAsync(await NewPageAsync(), owner);
        var services = Fixture.App.Services;
        var ownerId = await UserIdAsync(owner);
        var photo = await services.GetRequiredService<PhotoUploads>().StoreAsync(ownerId, await File.ReadAllBytesAsync(TestPhotos.Sweets));
        var job = (await services.GetRequiredService<PageStarts>().StartAsync(ownerId, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        await Page.GotoAsync($"/admin/jobs/{job.Id}");
        await new AdminShell(Page).WaitUntilInteractiveAsync();
        await Expect(Page.GetByTestId("job-status")).ToHaveTextAsync("Succeeded", new() { Timeout = GenerationTimeout });
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = "The coloring page" })).ToHaveJSPropertyAsync("complete", true);
        await Expect(Page.GetByRole(AriaRole.Img, new() { Name = "The user's photo" })).ToHaveJSPropertyAsync("complete", true);
        await Expect(Page.GetByTestId("metrics")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("metrics")).ToContainTextAsync("Ink coverage");
        await Screenshots.CaptureAsync(Page, "admin-job");

        // The jobs list shows each finished page small, so a bad one can be spotted without opening it.
        await Page.GotoAsync("/admin/jobs");
        await new AdminShell(Page).WaitUntilInteractiveAsync();
        var thumbnail = Page.GetByRole(AriaRole.Img, new() { Name = $"Page by {owner}" }).First;
        await Expect(thumbnail).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await thumbnail.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await Screenshots.CaptureAsync(Page, "admin-jobs-with-pages");
    }

    /// <summary>
    /// Signs in with the configured admin address. Every test here uses that one address, so the link is the
    /// newest e-mail to it, not the first.
    /// </summary>
    private async Task SignInAsAdminAsync(IPage page)
    {
        var email = ColoringAppFactory.AdminEmail;
        var before = Mail.MessagesTo(email).Count;
        var signIn = new SignInPage(page);
        await signIn.GotoAsync();
        await signIn.RequestLinkAsync(email);
        await new CheckEmailPage(page).ExpectShownAsync();
        await Mail.WaitForAsync(_ => Mail.MessagesTo(email).Count > before, "a new sign-in link for the admin");
        var magic = new MagicLinkPage(page);
        await magic.OpenAsync(Mail.MessagesTo(email)[^1].SignInLink);
        await magic.ContinueAsync();
        await Expect(new AppShell(page).UserMenu).ToContainTextAsync(email);
    }
}
