using System.Text.RegularExpressions;
using Coloring.Domain.Jobs;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Coloring.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>The studio on Create as a parent meets it: the live preview follows the photo's boxes and the options, and
/// Generate makes that page.</summary>
[Collection(JobsCollection.Name)]
public sealed class StudioTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task APreviewShowsAsSoonAsAPhotoIsChosenAndDrawingABoxAroundTheSubjectChangesIt()
    {
        await SignInAsync(Page, NewEmail("studio-box"));
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.Dog);
        var shown = await create.WaitForPreviewAfterAsync(0);
        await Expect(create.Preview).ToBeVisibleAsync();
        var before = await create.Preview.ScreenshotAsync();

        await DragAsync(create.StudioFrame, (0.3, 0.15), (0.75, 0.95));

        await Expect(create.SubjectBox).ToBeVisibleAsync();
        await Expect(create.SubjectBox).ToHaveAttributeAsync("aria-label", new Regex(@"^Subject box, 30% to 75% across, 1[45](\.\d+)?% to 9[45](\.\d+)?% down$"));
        await create.WaitForPreviewAfterAsync(shown);
        var after = await create.Preview.ScreenshotAsync();
        Assert.NotEqual(Convert.ToBase64String(before), Convert.ToBase64String(after));
        // The preview is for looking, not a file to take away: no link to it, and it is marked as a preview.
        await Expect(Page.Locator("[data-testid=page-preview] a")).ToHaveCountAsync(0);
        await Expect(Page.GetByTestId("preview-note")).ToContainTextAsync("free preview");
        Assert.StartsWith("blob:", await create.Preview.GetAttributeAsync("src"));
        await Screenshots.CaptureAsync(Page, "studio-box-and-preview");

        var violations = await Axe.SeriousViolationsAsync(Page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task GenerateMakesThePreviewedPageWithAllItsOptionsStoredOnTheJob()
    {
        var email = NewEmail("studio-make");
        await SignInAsync(Page, email);
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.Dog);
        var shown = await create.WaitForPreviewAfterAsync(0);

        await create.Tool("Turn right").ClickAsync();
        shown = await create.WaitForPreviewAfterAsync(shown);
        await DragAsync(create.StudioFrame, (0.2, 0.2), (0.8, 0.7));
        await Expect(create.SubjectBox).ToBeVisibleAsync();
        await create.DetailSlider.FocusAsync();
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(Page.GetByTestId("detail")).ToHaveTextAsync("More shapes");
        await create.Background("Keep it").CheckAsync();
        await create.WaitForPreviewAfterAsync(shown);

        await create.GenerateButton.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/jobs/[0-9a-f-]{36}$"));
        var jobId = new JobDetailPage(Page).JobId;
        await using var scope = Fixture.App.Services.CreateAsyncScope();
        var job = await scope.ServiceProvider.GetRequiredService<JobService>().FindAsync(jobId, await UserIdAsync(email));

        var options = job!.Options;
        Assert.Equal(1, options.Turns);
        Assert.Null(options.Crop);
        Assert.Equal(1, options.Detail);
        Assert.Equal(BackgroundMode.Keep, options.Background);
        Assert.NotNull(options.Subject);
        Assert.InRange(options.Subject!.Left, 0.17, 0.23);
        Assert.InRange(options.Subject.Right, 0.77, 0.83);
    }

    [Fact]
    public async Task EveryControlOfTheStudioWorksByKeyboard()
    {
        await SignInAsync(Page, NewEmail("studio-keys"));
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.House);
        var shown = await create.WaitForPreviewAfterAsync(0);

        // The subject: made with a button, then moved, resized and cleared on the box itself, which keeps the focus.
        await create.Tool("Mark the subject").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(create.SubjectBox).ToBeFocusedAsync();
        var placed = await create.SubjectBox.GetAttributeAsync("aria-label");
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(create.SubjectBox).Not.ToHaveAttributeAsync("aria-label", placed!);
        var moved = await create.SubjectBox.GetAttributeAsync("aria-label");
        await Page.Keyboard.PressAsync("Shift+ArrowDown");
        await Expect(create.SubjectBox).Not.ToHaveAttributeAsync("aria-label", moved!);
        await Expect(Page.GetByText("arrow keys move it")).ToBeVisibleAsync(); // said while the box has focus
        shown = await create.WaitForPreviewAfterAsync(shown);
        await Page.Keyboard.PressAsync("Delete");
        await Expect(create.SubjectBox).ToHaveCountAsync(0);

        // The crop: a focused box the keys move and resize, and a shape chosen by its button.
        await create.Tool("Crop").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(create.CropBox).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Shift+ArrowLeft");
        await Expect(create.CropBox).ToHaveAttributeAsync("aria-label", "Crop box, 0% to 98% across, 0% to 100% down");
        await create.Tool("Square").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await create.Tool("Done cropping").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(create.CropBox).ToHaveCountAsync(0);
        var frame = await create.StudioFrame.BoundingBoxAsync();
        Assert.InRange(frame!.Width / frame.Height, 0.97, 1.03); // square now
        shown = await create.WaitForPreviewAfterAsync(shown);

        // Turning, the sliders and the choices, all by keys.
        await create.Tool("Turn right").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await create.DetailSlider.FocusAsync();
        await Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Page.GetByTestId("detail")).ToHaveTextAsync("Fewer shapes");
        await create.Background("Keep it").FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(create.Background("Keep it")).ToBeCheckedAsync();
        await create.Toddler.FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Expect(create.Toddler).ToBeCheckedAsync();
        await Page.GetByLabel("Choose the line weight myself").FocusAsync();
        await Page.Keyboard.PressAsync("Space");
        await Page.GetByRole(AriaRole.Slider, new() { Name = "Line weight" }).FocusAsync();
        await Expect(Page.GetByTestId("line-weight")).ToHaveTextAsync("Thick"); // the toddler's 6 pt
        for (var i = 0; i < 4; i++)
        {
            await Page.Keyboard.PressAsync("ArrowRight");
        }

        await Expect(Page.GetByTestId("line-weight")).ToHaveTextAsync("Extra thick");
        await create.WaitForPreviewAfterAsync(shown);
        await Expect(Page.GetByTestId("preview-failure")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OnAPhoneThePreviewSitsUnderThePhotoATapMarksTheSubjectAndASecondTapClearsIt()
    {
        await SignInAsync(Page, NewEmail("studio-phone"));
        await Page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await create.ChoosePhotoAsync(TestPhotos.Dog);
        var shown = await create.WaitForPreviewAfterAsync(0);

        await create.StudioFrame.ClickAsync(new() { Position = new() { X = 60, Y = 50 } });
        await Expect(create.SubjectBox).ToBeVisibleAsync();
        await create.WaitForPreviewAfterAsync(shown);

        var photo = await create.StudioFrame.BoundingBoxAsync();
        var preview = await create.PreviewHolder.BoundingBoxAsync();
        var generate = await create.GenerateButton.BoundingBoxAsync();
        Assert.True(preview!.Y > photo!.Y + photo.Height, "The preview is under the photo.");
        Assert.True(generate!.Y > preview.Y + preview.Height, "Generate comes after the preview.");
        Assert.True(photo.Width > 300, $"The photo is {photo.Width} px wide on a 390 px phone.");
        await Layout.ExpectNoSidewaysScrollAsync(Page);
        await Screenshots.CaptureAsync(Page, "studio-phone"); // leaves the desktop size behind
        await Page.SetViewportSizeAsync(Screenshots.Phone.Width, Screenshots.Phone.Height);

        await create.StudioFrame.ClickAsync(new() { Position = new() { X = 200, Y = 100 } });
        await Expect(create.SubjectBox).ToHaveCountAsync(0);
    }

    // A drag with the mouse from one point to another, each in 0-1 of the element.
    private async Task DragAsync(ILocator element, (double X, double Y) from, (double X, double Y) to)
    {
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not on screen.");
        await Page.Mouse.MoveAsync((float)(box.X + box.Width * from.X), (float)(box.Y + box.Height * from.Y));
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync((float)(box.X + box.Width * (from.X + to.X) / 2), (float)(box.Y + box.Height * (from.Y + to.Y) / 2), new() { Steps = 4 });
        await Page.Mouse.MoveAsync((float)(box.X + box.Width * to.X), (float)(box.Y + box.Height * to.Y), new() { Steps = 4 });
        await Page.Mouse.UpAsync();
    }
}
