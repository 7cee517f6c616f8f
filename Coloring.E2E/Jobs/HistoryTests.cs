using System.Text.RegularExpressions;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

[Collection(JobsCollection.Name)]
public sealed class HistoryTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task HistoryListsThePageWithItsThumbnailAndDeletingItAsksFirst()
    {
        await SignInAsync(Page, NewEmail("history"));
        var history = new HistoryPage(Page);
        await history.GotoAsync();
        await Expect(history.EmptyState).ToBeVisibleAsync();
        await Expect(history.Pager).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(Page, "27-history-empty");

        var jobId = await MakePageAsync(Page, TestPhotos.Dog);
        await history.GotoAsync();
        await Expect(history.Rows).ToHaveCountAsync(1);
        var row = history.Rows.First;
        await Expect(history.Thumbnail(row)).ToBeVisibleAsync();
        await Expect(history.Thumbnail(row)).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await history.Thumbnail(row).EvaluateAsync<int>("i => i.naturalWidth") > 0, "The thumbnail loads.");
        await Expect(row).ToContainTextAsync("Ready");
        // In the viewer's local time, written for people: "26 Nov 2026, 14:05".
        await Expect(row.Locator(".date-cell")).ToHaveTextAsync(new Regex(@"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$"));
        await Expect(history.Pager).ToHaveCountAsync(0); // one page of rows needs no pager
        await Expect(history.Open(row)).ToHaveAttributeAsync("href", $"/jobs/{jobId}");
        await Expect(history.Thumbnail(row)).ToHaveAttributeAsync("alt", new Regex(@"^Coloring page 1: Page of \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$"));
        await Screenshots.CaptureAsync(Page, "28-history-one-page");

        // Changing one's mind keeps the page.
        await history.Delete(row).ClickAsync();
        await Expect(history.ConfirmDialog).ToContainTextAsync("Delete this page?");
        await Screenshots.CaptureAsync(Page, "29-history-confirm-delete");
        await history.KeepIt.ClickAsync();
        await Expect(history.ConfirmDialog).ToHaveCountAsync(0);
        await Expect(history.Rows).ToHaveCountAsync(1);

        await history.Delete(row).ClickAsync();
        await history.ConfirmDelete.ClickAsync();
        await Expect(history.Rows).ToHaveCountAsync(0);
        await Expect(history.EmptyState).ToBeVisibleAsync();

        // Gone for good: the job page and its download are not found any more.
        await Page.GotoAsync($"/jobs/{jobId}");
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "We couldn't find that page" })).ToBeVisibleAsync();
        Assert.Equal(404, (await Page.APIRequest.GetAsync($"/jobs/{jobId}/download/png")).Status);
    }

    [Fact]
    public async Task TheDeletePhotosSettingIsRemembered()
    {
        await SignInAsync(Page, NewEmail("tidy"));
        var history = new HistoryPage(Page);
        await history.GotoAsync();
        await Expect(history.DeletePhotosSwitch).Not.ToBeCheckedAsync();

        await history.DeletePhotosSwitch.ClickAsync();
        await Expect(Page.GetByText("Photos will be deleted as soon as their page is made.")).ToBeVisibleAsync();

        await Page.ReloadAsync();
        await Expect(history.DeletePhotosSwitch).ToBeCheckedAsync();
    }
}
