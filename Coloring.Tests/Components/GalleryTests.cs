using Bunit;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Components;

/// <summary>My pages as a gallery: one card per page, names of their own, search, favourites and the keep action.</summary>
public class GalleryTests : ComponentTest
{
    [Fact]
    public async Task Two_pages_made_in_the_same_minute_have_different_picture_and_checkbox_names()
    {
        var user = await SignedInAsync();
        await App.AddFinishedPageAsync(user);
        await App.AddFinishedPageAsync(user);

        var page = Render<History>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=gallery-page]").Count));
        var alts = page.FindAll(".gallery-preview img").Select(i => i.GetAttribute("alt")).ToList();
        Assert.Equal(["Coloring page 1: Page of 2 Nov 2026, 09:00 UTC", "Coloring page 2: Page of 2 Nov 2026, 09:00 UTC"], alts);
        var boxes = page.FindAll("input[type=checkbox]").Select(b => b.GetAttribute("aria-label")).Where(l => l?.Contains("to the book") == true).ToList();
        Assert.Equal(2, boxes.Distinct().Count());
    }

    [Fact]
    public async Task Renaming_a_page_shows_the_new_name_and_a_hostile_name_is_refused_in_place()
    {
        var user = await SignedInAsync();
        await App.AddFinishedPageAsync(user);
        var page = Render<History>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=gallery-page]")));

        page.Find("button[aria-label^='Rename page 1']").Click();
        page.Find(".gallery-card input").Input("Bad\u202Ename");
        page.FindAll("button").Single(b => b.TextContent.Contains("Save name")).Click();
        page.WaitForAssertion(() => Assert.Contains("no invisible or control characters", page.Markup));

        page.Find(".gallery-card input").Input("Our cat");
        page.FindAll("button").Single(b => b.TextContent.Contains("Save name")).Click();
        page.WaitForAssertion(() => Assert.Equal("Our cat", page.Find(".gallery-name").TextContent.Trim()));
    }

    [Fact]
    public async Task Searching_by_name_shows_only_matching_pages_and_says_when_none_match()
    {
        var user = await SignedInAsync();
        await App.AddFinishedPageAsync(user, name: "Rex the dog");
        await App.AddFinishedPageAsync(user, name: "Tom the cat");
        var page = Render<History>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=gallery-page]").Count));

        // As the field reports what was typed once the typing pauses (its debounce is MudBlazor's, run in the browser tests).
        await SearchAsync(page, "rex");
        page.WaitForAssertion(() => Assert.Equal(["Rex the dog"], page.FindAll(".gallery-name").Select(n => n.TextContent.Trim())));

        await SearchAsync(page, "horse");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-match]")));
    }

    [Fact]
    public async Task A_page_a_week_from_expiry_warns_and_keeping_it_once_renews_it()
    {
        var user = await SignedInAsync();
        var job = await App.AddFinishedPageAsync(user);
        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) - TimeSpan.FromDays(5));
        var page = Render<History>();
        page.WaitForAssertion(() => Assert.Contains("This page will be deleted in 5 days.", page.Find("[data-testid=expiry-warning]").TextContent));

        page.Find("button[aria-label^='Keep page 1']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=expiry-warning]")));
        Assert.NotNull(page.Find("[data-testid=kept-note]"));
        Assert.NotNull((await App.GetRequiredService<PageGallery>().FindAsync(user, job.Id))!.Job.KeptAt);
    }

    [Fact]
    public async Task Starring_a_page_and_showing_favourites_only_leaves_the_starred_page()
    {
        var user = await SignedInAsync();
        await App.AddFinishedPageAsync(user, name: "Plain");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await App.AddFinishedPageAsync(user, name: "Star");
        var page = Render<History>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=gallery-page]").Count));

        page.Find("button[aria-label='Favourite: page 1, Star']").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("button[aria-label='Favourite: page 1, Star']").GetAttribute("aria-pressed")));
        page.FindAll("label").Single(l => l.TextContent.Contains("Favourites only")).QuerySelector("input")!.Change(true);

        page.WaitForAssertion(() => Assert.Equal(["Star"], page.FindAll(".gallery-name").Select(n => n.TextContent.Trim())));
    }

    private static Task SearchAsync(IRenderedComponent<History> page, string text) =>
        page.InvokeAsync(() => page.FindComponents<MudBlazor.MudTextField<string>>().Single(f => f.Instance.Label == "Search by name").Instance.ValueChanged.InvokeAsync(text));

    private async Task<Guid> SignedInAsync()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudBlazor.MudPopoverProvider>();
        var user = await App.AddUserAsync();
        SignIn(user.Id, user.Email!);
        return user.Id;
    }
}
