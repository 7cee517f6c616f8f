using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>
/// A photo chosen the moment the Create page opens, as a quick person or anyone on a slow connection does: the page
/// is still prerendered HTML then, so the drop zone must visibly wait, and take the photo as soon as it can.
/// </summary>
[Collection(JobsCollection.Name)]
public sealed class EarlyPhotoTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task OnASlowConnectionTheDropZoneWaitsVisiblyAndAPhotoChosenAtOnceIsTaken()
    {
        await SignInAsync(Page, NewEmail("quick"));
        var create = await OpenWhileTheScriptIsSlowAsync();

        await Expect(create.Photo).ToBeDisabledAsync();
        await Expect(create.GettingReady).ToBeVisibleAsync();
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Screenshots.CaptureAsync(Page, "24-create-getting-ready");

        await ChooseAtOnceAsync(create, new FilePayload { Name = "sweets.png", MimeType = "image/png", Buffer = await File.ReadAllBytesAsync(TestPhotos.Sweets) });

        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.GettingReady).ToHaveCountAsync(0);
        await Expect(create.GenerateButton).ToBeEnabledAsync();
        await Screenshots.CaptureAsync(Page, "24-create-ready");
    }

    [Fact]
    public async Task ADamagedPhotoChosenTheMomentThePageOpensShowsItsError()
    {
        await SignInAsync(Page, NewEmail("quick-damaged"));
        var create = await OpenWhileTheScriptIsSlowAsync();
        var house = await File.ReadAllBytesAsync(TestPhotos.House);
        byte[] cut = [.. house[..(house.Length * 6 / 10)], 0xFF, 0xD9];

        await ChooseAtOnceAsync(create, new FilePayload { Name = "house.jpg", MimeType = "image/jpeg", Buffer = cut });

        await Expect(create.PhotoError).ToHaveTextAsync("The photo seems to be damaged or incomplete. Please try another copy of it.");
        await Expect(create.PhotoPreview).ToHaveCountAsync(0);
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Expect(create.Shell.Balance).ToHaveTextAsync("3 credits");
    }

    [Fact]
    public async Task WithoutAnyDelayAPhotoChosenRightAfterNavigationIsTaken()
    {
        await SignInAsync(Page, NewEmail("quick-fast"));
        var create = new CreatePage(Page);
        await Page.GotoAsync("/create", new() { WaitUntil = WaitUntilState.Commit });

        await ChooseAtOnceAsync(create, new FilePayload { Name = "sweets.png", MimeType = "image/png", Buffer = await File.ReadAllBytesAsync(TestPhotos.Sweets) });

        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.GenerateButton).ToBeEnabledAsync();
    }

    /// <summary>Opens /create with Blazor's script held back three seconds, so the prerendered page is what the person sees first.</summary>
    private async Task<CreatePage> OpenWhileTheScriptIsSlowAsync()
    {
        await Page.RouteAsync("**/_framework/blazor.web*.js", async route =>
        {
            await Task.Delay(3000);
            await route.ContinueAsync();
        });
        var create = new CreatePage(Page);
        await Page.GotoAsync("/create", new() { WaitUntil = WaitUntilState.Commit });
        await Expect(create.Heading).ToBeVisibleAsync();
        return create;
    }

    /// <summary>Clicks the drop zone as a person does, as soon as it can be clicked, and picks the file in the chooser.</summary>
    private async Task ChooseAtOnceAsync(CreatePage create, FilePayload file)
    {
        var chooser = await Page.RunAndWaitForFileChooserAsync(() => create.Photo.ClickAsync());
        await chooser.SetFilesAsync(file);
    }
}
