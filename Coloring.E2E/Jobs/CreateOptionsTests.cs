using Coloring.Domain.Accounts;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Coloring.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>The Create form's options as a parent meets them: examples per preset, line weight in words, paper asked once.</summary>
[Collection(E2ECollection.Name)]
public sealed class CreateOptionsTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task EachPresetShowsAnExampleAndTheLineWeightIsSaidInWords()
    {
        await SignInAsync(Page, NewEmail("options"));
        var create = new CreatePage(Page);
        await create.GotoAsync();
        await Expect(create.Heading).ToBeVisibleAsync();

        foreach (var example in new[] { "Example for ages 3-5", "Example for ages 6-8", "Example for ages 9 and up" })
        {
            var image = Page.GetByRole(AriaRole.Img, new() { Name = example });
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0, example);
        }

        await Expect(Page.GetByTestId("line-weight")).ToHaveTextAsync("Medium, the usual weight for this age");
        await Page.GetByLabel("Choose the line weight myself").CheckAsync();
        await Expect(Page.GetByTestId("line-weight")).ToHaveTextAsync("Medium");
        await Expect(Page.Locator(".slider-ends").Last).ToHaveTextAsync("ThinExtra thick");
        await Screenshots.CaptureAsync(Page, "create-line-weight-in-words");

        // On a phone the examples sit beside their presets inside the card, not off the side of the page.
        await Page.SetViewportSizeAsync(390, 844);
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "The Create page scrolls sideways on a phone.");
    }

    [Fact]
    public async Task APaperChosenOnTheProfileIsNotAskedAgainOnCreate()
    {
        var email = NewEmail("paper");
        await SignInAsync(Page, email);
        await Fixture.App.Services.GetRequiredService<AccountSettings>().SetPaperAsync(await UserIdAsync(email), Paper.Letter);
        var create = new CreatePage(Page);
        await create.GotoAsync();

        await Expect(Page.GetByTestId("paper")).ToContainTextAsync("Paper: Letter");
        await Expect(create.A4).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(Page, "create-paper-remembered");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Change the paper for this page" }).ClickAsync();
        await Expect(create.Letter).ToBeCheckedAsync();
    }
}
