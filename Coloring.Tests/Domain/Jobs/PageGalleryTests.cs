using Coloring.Domain.Data;
using Coloring.Engine;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Tests.Support;

namespace Coloring.Tests.Domain.Jobs;

public sealed class PageGalleryOnSqliteTests() : PageGalleryTests(DatabaseProvider.Sqlite);

public sealed class PageGalleryOnPostgresTests() : PageGalleryTests(DatabaseProvider.Postgres);

/// <summary>"My pages": names, search, preset and favourite filters, and keeping a page that is about to expire.</summary>
public abstract class PageGalleryTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PageGallery Gallery => Get<PageGallery>();

    [Fact]
    public async Task A_page_without_a_name_is_called_by_the_day_it_was_made()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal("Page of 2 Nov 2026, 09:00", PageNames.Of(job, "2 Nov 2026, 09:00"));
        Assert.Null((await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);
    }

    [Fact]
    public async Task Renaming_keeps_the_name_trimmed_with_single_spaces_and_an_empty_name_gives_the_default_back()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        var renamed = await Gallery.RenameAsync(user.Id, job.Id, "  Grandma's   cat \t ");
        Assert.Equal(RenameOutcome.Renamed, renamed.Outcome);
        Assert.Equal("Grandma's cat", (await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);

        Assert.Equal(RenameOutcome.Renamed, (await Gallery.RenameAsync(user.Id, job.Id, "   ")).Outcome);
        Assert.Null((await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);
    }

    [Theory]
    [InlineData("evil\u202Egpj.exe")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("bell\u0007")]
    [InlineData("nul\u0000")]
    [InlineData("replacement\uFFFD")]
    public async Task Names_with_invisible_control_or_direction_characters_are_refused_and_nothing_changes(string hostile)
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id, name: "Before");

        var result = await Gallery.RenameAsync(user.Id, job.Id, hostile);

        Assert.Equal(RenameOutcome.Invalid, result.Outcome);
        Assert.NotNull(result.Message);
        Assert.Equal("Before", (await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);
    }

    [Fact]
    public async Task Line_breaks_and_tabs_in_a_pasted_name_become_single_spaces()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal("line break here", (await Gallery.RenameAsync(user.Id, job.Id, "line\r\nbreak\u2028\there")).Name);
    }

    [Fact]
    public async Task A_name_with_a_broken_surrogate_is_refused()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal(RenameOutcome.Invalid, (await Gallery.RenameAsync(user.Id, job.Id, "broken" + '\uD800')).Outcome);
    }

    [Fact]
    public async Task A_name_of_80_characters_is_kept_and_one_of_81_or_a_huge_one_is_refused()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal(RenameOutcome.Renamed, (await Gallery.RenameAsync(user.Id, job.Id, new string('é', 80))).Outcome);
        Assert.Equal(RenameOutcome.Invalid, (await Gallery.RenameAsync(user.Id, job.Id, new string('a', 81))).Outcome);
        Assert.Equal(RenameOutcome.Invalid, (await Gallery.RenameAsync(user.Id, job.Id, new string('a', 1_000_000))).Outcome);
        Assert.Equal(new string('é', 80), (await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);
    }

    [Fact]
    public async Task A_decomposed_accent_is_stored_composed_so_searching_either_form_finds_it()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);

        await Gallery.RenameAsync(user.Id, job.Id, "Cafe\u0301 day");

        Assert.Equal("Caf\u00E9 day", (await Gallery.FindAsync(user.Id, job.Id))!.Job.Name);
        Assert.Single((await Gallery.ListAsync(user.Id, new GalleryFilter("caf\u00E9"), 0, 10)).Pages);
    }

    [Fact]
    public async Task Someone_elses_page_cannot_be_renamed_starred_kept_or_found()
    {
        var owner = await Services.AddUserAsync();
        var stranger = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(owner.Id, name: "Mine");

        Assert.Equal(RenameOutcome.NotFound, (await Gallery.RenameAsync(stranger.Id, job.Id, "Theirs")).Outcome);
        Assert.False(await Gallery.SetFavouriteAsync(stranger.Id, job.Id, true));
        Assert.Equal(KeepOutcome.NotFound, await Gallery.KeepAsync(stranger.Id, job.Id));
        Assert.Null(await Gallery.FindAsync(stranger.Id, job.Id));
        Assert.Equal(0, (await Gallery.ListAsync(stranger.Id, new GalleryFilter(), 0, 10)).Total);
        var mine = (await Gallery.FindAsync(owner.Id, job.Id))!.Job;
        Assert.Equal("Mine", mine.Name);
        Assert.False(mine.IsFavourite);
    }

    [Fact]
    public async Task Search_finds_names_whatever_their_case_and_treats_wildcards_as_text()
    {
        var user = await Services.AddUserAsync();
        await Services.AddFinishedPageAsync(user.Id, name: "Our Dog Rex");
        await Services.AddFinishedPageAsync(user.Id, name: "The cat");
        await Services.AddFinishedPageAsync(user.Id, name: "100% fun_day");
        await Services.AddFinishedPageAsync(user.Id);

        Assert.Equal(["Our Dog Rex"], (await Gallery.ListAsync(user.Id, new GalleryFilter("  dog "), 0, 10)).Pages.Select(p => p.Job.Name));
        Assert.Equal(["100% fun_day"], (await Gallery.ListAsync(user.Id, new GalleryFilter("%"), 0, 10)).Pages.Select(p => p.Job.Name));
        Assert.Equal(["100% fun_day"], (await Gallery.ListAsync(user.Id, new GalleryFilter("_"), 0, 10)).Pages.Select(p => p.Job.Name));
        Assert.Empty((await Gallery.ListAsync(user.Id, new GalleryFilter("horse"), 0, 10)).Pages);
        Assert.Empty((await Gallery.ListAsync(user.Id, new GalleryFilter(new string('x', 100_000)), 0, 10)).Pages);
        Assert.Equal(4, (await Gallery.ListAsync(user.Id, new GalleryFilter(""), 0, 10)).Total);
    }

    [Fact]
    public async Task Favourites_and_a_preset_narrow_the_list_newest_first()
    {
        var user = await Services.AddUserAsync();
        var toddler = await Services.AddFinishedPageAsync(user.Id, name: "a", preset: AgePreset.Toddler);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var kids = await Services.AddFinishedPageAsync(user.Id, name: "b", preset: AgePreset.Kids);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var detailed = await Services.AddFinishedPageAsync(user.Id, name: "c", preset: AgePreset.Detailed);

        Assert.True(await Gallery.SetFavouriteAsync(user.Id, toddler.Id, true));
        Assert.True(await Gallery.SetFavouriteAsync(user.Id, detailed.Id, true));

        Assert.Equal([detailed.Id, toddler.Id], (await Gallery.ListAsync(user.Id, new GalleryFilter(FavouritesOnly: true), 0, 10)).Pages.Select(p => p.Job.Id));
        Assert.Equal([kids.Id], (await Gallery.ListAsync(user.Id, new GalleryFilter(Preset: AgePreset.Kids), 0, 10)).Pages.Select(p => p.Job.Id));
        Assert.Empty((await Gallery.ListAsync(user.Id, new GalleryFilter(Preset: AgePreset.Kids, FavouritesOnly: true), 0, 10)).Pages);

        Assert.True(await Gallery.SetFavouriteAsync(user.Id, toddler.Id, false));
        Assert.Equal([detailed.Id], (await Gallery.ListAsync(user.Id, new GalleryFilter(FavouritesOnly: true), 0, 10)).Pages.Select(p => p.Job.Id));
    }

    [Fact]
    public async Task A_page_is_flagged_seven_days_before_it_expires_and_not_before()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        var lifetime = Asset.LifetimeOf(Bucket.Artifacts);

        Clock.Advance(lifetime - PageGallery.WarnBefore - TimeSpan.FromMinutes(1));
        var early = (await Gallery.FindAsync(user.Id, job.Id))!;
        Assert.False(early.ExpiresSoon(Clock.GetUtcNow()));
        Assert.Equal(KeepOutcome.NotYet, await Gallery.KeepAsync(user.Id, job.Id));

        Clock.Advance(TimeSpan.FromMinutes(2));
        var soon = (await Gallery.FindAsync(user.Id, job.Id))!;
        Assert.True(soon.ExpiresSoon(Clock.GetUtcNow()));
        Assert.True(soon.CanKeep(Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Keeping_renews_every_file_of_the_page_for_a_whole_lifetime_once()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) - TimeSpan.FromDays(3));
        var keptAt = Clock.GetUtcNow();

        Assert.Equal(KeepOutcome.Kept, await Gallery.KeepAsync(user.Id, job.Id));

        Assert.All(await Services.FileExpiriesAsync(job), e => Assert.Equal(keptAt + Asset.LifetimeOf(Bucket.Artifacts), e));
        var kept = (await Gallery.FindAsync(user.Id, job.Id))!;
        Assert.Equal(keptAt, kept.Job.KeptAt);
        Assert.False(kept.ExpiresSoon(Clock.GetUtcNow()));

        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) - TimeSpan.FromDays(3));
        var again = (await Gallery.FindAsync(user.Id, job.Id))!;
        Assert.True(again.ExpiresSoon(Clock.GetUtcNow()));
        Assert.False(again.CanKeep(Clock.GetUtcNow()));
        Assert.Equal(KeepOutcome.AlreadyKept, await Gallery.KeepAsync(user.Id, job.Id));
        Assert.All(await Services.FileExpiriesAsync(job), e => Assert.Equal(keptAt + Asset.LifetimeOf(Bucket.Artifacts), e));
    }

    [Fact]
    public async Task Two_keeps_at_once_renew_the_page_once()
    {
        var user = await Services.AddUserAsync();
        var job = await Services.AddFinishedPageAsync(user.Id);
        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) - TimeSpan.FromDays(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Gallery.KeepAsync(user.Id, job.Id))));

        Assert.Single(outcomes, KeepOutcome.Kept);
        Assert.All(outcomes.Where(o => o != KeepOutcome.Kept), o => Assert.Equal(KeepOutcome.AlreadyKept, o));
    }

    [Fact]
    public async Task A_page_whose_files_are_gone_or_that_never_finished_cannot_be_kept()
    {
        var user = await Services.AddUserAsync();
        var failed = await Services.AddFinishedPageAsync(user.Id, status: JobStatus.Failed);
        var job = await Services.AddFinishedPageAsync(user.Id);
        Clock.Advance(Asset.LifetimeOf(Bucket.Artifacts) + TimeSpan.FromMinutes(1));

        Assert.Equal(KeepOutcome.Gone, await Gallery.KeepAsync(user.Id, failed.Id));
        Assert.Equal(KeepOutcome.Gone, await Gallery.KeepAsync(user.Id, job.Id));
        Assert.Null((await Gallery.FindAsync(user.Id, job.Id))!.Job.KeptAt);
    }
}
