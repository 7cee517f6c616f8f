using Coloring.Domain.Data;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>My pages as a gallery: naming and finding pages, favourites, and keeping a page about to expire.</summary>
[Collection(JobsCollection.Name)]
public sealed class GalleryTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task A_parent_names_a_page_finds_it_by_name_and_stars_it()
    {
        await SignInAsync(Page, NewEmail("gallery"));
        await MakePageAsync(Page, TestPhotos.Sweets);
        await MakePageAsync(Page, TestPhotos.Dog);
        var history = new HistoryPage(Page);
        await history.GotoAsync();
        await Expect(history.Rows).ToHaveCountAsync(2);

        // Every picture and every book box has a name of its own, even for two pages made in the same minute.
        var names = await Page.GetByRole(AriaRole.Img, new() { Name = "Coloring page" }).EvaluateAllAsync<string[]>("images => images.map(i => i.alt)");
        Assert.Equal(2, names.Distinct().Count());
        var boxes = await Page.GetByRole(AriaRole.Checkbox, new() { Name = "to the book" }).EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.getAttribute('aria-label'))");
        Assert.Equal(2, boxes.Distinct().Count());
        var preview = history.Thumbnail(history.Rows.First);
        Assert.True(await preview.EvaluateAsync<double>("i => i.getBoundingClientRect().width") >= 240, "Previews are at least 240 px wide.");

        var dog = history.Rows.First;
        await Expect(history.Name(dog)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Page of "));
        await history.Rename(dog).ClickAsync();
        await history.NameField(dog).FillAsync("  Rex   at the park ");
        await history.SaveName(dog).ClickAsync();
        await Expect(history.Name(history.Rows.First)).ToHaveTextAsync("Rex at the park");
        await Expect(history.Thumbnail(history.Rows.First)).ToHaveAttributeAsync("alt", "Coloring page 1: Rex at the park");

        await history.Search.FillAsync("REX");
        await Expect(history.Rows).ToHaveCountAsync(1);
        await Expect(history.Name(history.Rows.First)).ToHaveTextAsync("Rex at the park");
        await history.Search.FillAsync("cat");
        await Expect(history.NoMatch).ToBeVisibleAsync();
        await history.Search.FillAsync("");
        await Expect(history.Rows).ToHaveCountAsync(2);

        await history.Favourite(history.Rows.Nth(1)).ClickAsync();
        await Expect(history.Favourite(history.Rows.Nth(1))).ToHaveAttributeAsync("aria-pressed", "true");
        await history.FavouritesOnly.ClickAsync();
        await Expect(history.Rows).ToHaveCountAsync(1);
        await Expect(history.Name(history.Rows.First)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Page of "));
        await history.FavouritesOnly.ClickAsync();
        await Expect(history.Rows).ToHaveCountAsync(2);
        foreach (var image in await Page.GetByRole(AriaRole.Img, new() { Name = "Coloring page" }).AllAsync())
        {
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
        }

        await Screenshots.CaptureAsync(Page, "30-gallery");

        // Names survive a reload.
        await Page.ReloadAsync();
        await Expect(history.Name(history.Rows.First)).ToHaveTextAsync("Rex at the park");
    }

    [Fact]
    public async Task A_page_that_expires_within_a_week_warns_and_can_be_kept_once()
    {
        var email = NewEmail("keeper");
        await SignInAsync(Page, email);
        var jobId = await MakePageAsync(Page, TestPhotos.Dog);
        var history = new HistoryPage(Page);
        await history.GotoAsync();
        await Expect(history.ExpiryWarning(history.Rows.First)).ToHaveCountAsync(0);

        // 87 days on, without moving this collection's clock (its scheduler runs on real time): the files expire in 3 days.
        await ExpireInAsync(jobId, TimeSpan.FromDays(3));
        await Page.ReloadAsync();
        var row = history.Rows.First;
        await Expect(history.ExpiryWarning(row)).ToContainTextAsync("This page will be deleted in 2 days");
        await Expect(history.Thumbnail(row)).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await history.Thumbnail(row).EvaluateAsync<int>("i => i.naturalWidth") > 0, "The page's preview still loads.");
        await Screenshots.CaptureAsync(Page, "31-gallery-expiry-warning");

        await history.Keep(row).ClickAsync();
        await Expect(Page.GetByText("Kept for another 90 days.")).ToBeVisibleAsync();
        await Expect(history.ExpiryWarning(history.Rows.First)).ToHaveCountAsync(0);
        await Expect(history.KeptNote(history.Rows.First)).ToBeVisibleAsync();

        // Kept once: near the end of the new lifetime it warns again, without a Keep button.
        await ExpireInAsync(jobId, TimeSpan.FromDays(3));
        await Page.ReloadAsync();
        await Expect(history.ExpiryWarning(history.Rows.First)).ToContainTextAsync("kept once already");
        await Expect(history.Keep(history.Rows.First)).ToHaveCountAsync(0);
    }

    private async Task ExpireInAsync(Guid jobId, TimeSpan left)
    {
        var until = Fixture.Clock.GetUtcNow() + left - TimeSpan.FromMinutes(1);
        await using var db = await Fixture.App.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        var job = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        var files = new[] { job.PageAssetId, job.SvgAssetId, job.PreviewAssetId }.OfType<Guid>().ToList();
        await db.Assets.Where(a => files.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, until));
    }
}
