using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Pages;

/// <summary><c>/create</c>: choose a photo, who the page is for and the paper, then Generate.</summary>
public sealed class CreatePage(IPage page)
{
    public AppShell Shell { get; } = new(page);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Create a coloring page", Level = 1 });

    /// <summary>The file input, found by its label.</summary>
    public ILocator Photo => page.GetByLabel("Photo", new() { Exact = true });

    /// <summary>What is wrong with the chosen file, next to the input (named by its aria-describedby).</summary>
    public ILocator PhotoError => page.Locator("#photo-error");

    /// <summary>The chosen photo, shown once it was accepted.</summary>
    public ILocator PhotoPreview => page.GetByRole(AriaRole.Img, new() { Name = "Your photo" });

    /// <summary>Shown in the drop zone while the page is not live yet (the input is disabled meanwhile).</summary>
    public ILocator GettingReady => page.GetByText("Getting ready…");

    public ILocator Preset(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name });

    public ILocator Toddler => Preset("Ages 3-5: thick lines, a few big shapes");

    public ILocator Kids => Preset("Ages 6-8: medium lines, more to color");

    public ILocator Detailed => Preset("Ages 9 and up: fine lines and detail");

    public ILocator Paper(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name, Exact = true });

    public ILocator A4 => Paper("A4");

    public ILocator Letter => Paper("Letter");

    public ILocator GenerateButton => page.GetByRole(AriaRole.Button, new() { Name = "Generate" });

    /// <summary>The photo as the page will use it, on which the subject (or the crop) box is dragged or tapped.</summary>
    public ILocator StudioFrame => page.GetByTestId("studio-frame");

    /// <summary>The subject box, once one is marked (a focusable group named by its place).</summary>
    public ILocator SubjectBox => page.GetByRole(AriaRole.Group, new() { Name = "Subject box" });

    public ILocator CropBox => page.GetByRole(AriaRole.Group, new() { Name = "Crop box" });

    public ILocator Tool(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator DetailSlider => page.GetByRole(AriaRole.Slider, new() { Name = "Detail" });

    public ILocator Background(string name) => page.GetByRole(AriaRole.Radio, new() { Name = name });

    /// <summary>The live preview of the page ("Preview of your page"), and its holder, which counts the previews shown.</summary>
    public ILocator Preview => page.GetByRole(AriaRole.Img, new() { Name = "Preview of your page" });

    public ILocator PreviewHolder => page.GetByTestId("page-preview");

    /// <summary>Shown while the options would make a page this person already made from this photo.</summary>
    public ILocator AlreadyMade => page.GetByTestId("already-made");

    /// <summary>How many previews the page has shown so far.</summary>
    public async Task<int> PreviewsShownAsync() => int.Parse(await PreviewHolder.GetAttributeAsync("data-shown") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until more than <paramref name="count"/> previews were shown; returns the new count.</summary>
    public async Task<int> WaitForPreviewAfterAsync(int count, float timeout = 60_000)
    {
        await page.WaitForFunctionAsync("n => Number(document.querySelector('[data-testid=page-preview]')?.dataset.shown ?? 0) > n && !document.querySelector('[data-testid=page-preview]').dataset.busy",
            count, new() { Timeout = timeout });
        return await PreviewsShownAsync();
    }

    /// <summary>"Cost: 1 credit. You have 3 credits."</summary>
    public ILocator Cost => page.GetByTestId("cost");

    /// <summary>Shown instead of a way forward when the balance is 0; says how to get credits.</summary>
    public ILocator NoCreditsAlert => page.GetByTestId("no-credits");

    public async Task GotoAsync(string? query = null) => await page.GotoAsync(query is null ? "/create" : $"/create?{query}");

    /// <summary>
    /// Waits until the page is interactive: a file chosen on the prerendered page, before Blazor has wired the
    /// input up, would go nowhere. Blazor marks an input it has set up (a private marker; see InputFile.ts).
    /// The input is looked up afresh each time: the prerendered element can be replaced when the circuit starts.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        await Expect(Heading).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('photo')?._blazorInputFileNextFileId !== undefined");
    }

    public async Task ChoosePhotoAsync(string path)
    {
        await WaitUntilReadyAsync();
        await Photo.SetInputFilesAsync(path);
    }

    public async Task ChooseFileAsync(FilePayload file)
    {
        await WaitUntilReadyAsync();
        await Photo.SetInputFilesAsync(file);
    }
}
