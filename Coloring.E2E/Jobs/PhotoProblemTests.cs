using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

[Collection(JobsCollection.Name)]
public sealed class PhotoProblemTests(E2EFixture fixture) : BrowserTest(fixture)
{
    private const string NotAPhoto = "This file is not a photo we can read. Please use a JPEG, PNG or WebP picture.";

    public static TheoryData<string, string> BadFiles => new()
    {
        { "random-bytes", NotAPhoto },
        { "empty", "The file is empty. Please choose a photo." },
        { "text-named-png", NotAPhoto },
        { "over-10-mb", "The photo is larger than 10 MB. Please choose a smaller photo." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFileShowsItsMessageNextToThePhotoInputAndCostsNothing(string kind, string message)
    {
        await SignInAsync(Page, NewEmail($"bad-{kind}"));
        var create = new CreatePage(Page);
        await create.GotoAsync();

        await create.ChooseFileAsync(BadFile(kind));

        await Expect(create.PhotoError).ToHaveTextAsync(message);
        // The message belongs to the input: announced with it, and the input says it is invalid.
        await Expect(create.Photo).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex(@"(^|\s)photo-error(\s|$)"));
        await Expect(create.Photo).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(create.PhotoPreview).ToHaveCountAsync(0);
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Expect(create.Cost).ToHaveTextAsync("Cost: 1 credit. You have 3 credits.");
        await Expect(create.Shell.Balance).ToHaveTextAsync("3 credits");
        await Screenshots.CaptureAsync(Page, $"25-create-bad-file-{kind}");

        // A good photo afterwards clears the message.
        await create.ChoosePhotoAsync(TestPhotos.Sweets);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.PhotoError).ToBeEmptyAsync();
        await Expect(create.Photo).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(create.GenerateButton).ToBeEnabledAsync();
    }

    [Fact]
    public async Task WithNoCreditsGenerateIsDisabledAndThePageSaysHowToGetCredits()
    {
        var email = NewEmail("broke");
        await SignInAsync(Page, email);
        await RemoveAllCreditsAsync(email);

        var create = new CreatePage(Page);
        await create.GotoAsync();
        await Expect(create.Cost).ToHaveTextAsync("Cost: 1 credit. You have 0 credits.");
        await Expect(create.NoCreditsAlert).ToContainTextAsync("You have no credits left");
        // The browser tests' app sells packs (through the fake Stripe), so the way out is to buy one.
        await Expect(create.NoCreditsAlert).ToContainTextAsync("buy a pack and carry on");
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Get more credits" })).ToHaveAttributeAsync("href", "/credits");
        await Expect(create.Shell.Balance).ToHaveTextAsync("0 credits");

        // Even with a good photo chosen.
        await create.ChoosePhotoAsync(TestPhotos.Sweets);
        await Expect(create.PhotoPreview).ToBeVisibleAsync();
        await Expect(create.GenerateButton).ToBeDisabledAsync();
        await Screenshots.CaptureAsync(Page, "26-create-no-credits");
    }

    private static FilePayload BadFile(string kind) => kind switch
    {
        "random-bytes" => new() { Name = "holiday.jpg", MimeType = "image/jpeg", Buffer = RandomBytes(40_000) },
        "empty" => new() { Name = "empty.jpg", MimeType = "image/jpeg", Buffer = [] },
        "text-named-png" => new() { Name = "notes.png", MimeType = "image/png", Buffer = System.Text.Encoding.UTF8.GetBytes("Shopping list: milk, crayons, paper.\n") },
        "over-10-mb" => new() { Name = "huge.jpg", MimeType = "image/jpeg", Buffer = RandomBytes(10 * 1024 * 1024 + 1) },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }
}
