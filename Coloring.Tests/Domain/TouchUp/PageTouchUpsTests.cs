using System.Text;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Domain.TouchUp;
using Coloring.Engine;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Tests.Domain.TouchUp;

public sealed class PageTouchUpsOnSqliteTests() : PageTouchUpsTests(DatabaseProvider.Sqlite);

public sealed class PageTouchUpsOnPostgresTests() : PageTouchUpsTests(DatabaseProvider.Postgres);

/// <summary>Touching up a finished page: new versions of its files, the original kept, restore, conflicts and refusals, on a real database and file store.</summary>
public abstract class PageTouchUpsTests(DatabaseProvider provider) : DatabaseTest(provider)
{
    private PageTouchUps TouchUps => Get<PageTouchUps>();

    [Fact]
    public async Task RemovingStrokesWritesANewVersionWhoseOtherPathsAreByteIdenticalAndKeepsTheOriginalFiles()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedAsync(user, TouchUpPages.EnginePage);
        var before = PageStrokes.ReadSvg(await Services.BytesAsync(job.SvgAssetId)).Strokes;

        var result = await TouchUps.RemoveStrokesAsync(job.Id, user, [0, 5], version: 0);

        Assert.True(result.Succeeded, result.Message);
        var after = result.Job!;
        Assert.Equal(1, after.PageVersion);
        Assert.True(after.IsTouchedUp);
        Assert.Equal((job.PageAssetId, job.SvgAssetId, job.PreviewAssetId), (after.UneditedPageAssetId, after.UneditedSvgAssetId, after.UneditedPreviewAssetId));
        Assert.NotEqual(job.PageAssetId, after.PageAssetId);
        Assert.NotEqual(job.SvgAssetId, after.SvgAssetId);
        Assert.NotEqual(job.PreviewAssetId, after.PreviewAssetId);
        var kept = PageStrokes.ReadSvg(await Services.BytesAsync(after.SvgAssetId)).Strokes;
        Assert.Equal(before.Where((_, i) => i is not 0 and not 5).Select(s => s.PathData), kept.Select(s => s.PathData));
        Assert.All(kept, s => Assert.Equal(before[0].Width, s.Width));
        Assert.Equal(before.Count - 2, result.Strokes);
        Assert.Equal(TouchUpPages.EnginePage.Png, await Services.BytesAsync(after.UneditedPageAssetId));
        var ink = TouchUpPages.InkOf(await Services.BytesAsync(after.PageAssetId), out var width, out var height);
        Assert.Equal((TouchUpPages.EnginePage.Width, TouchUpPages.EnginePage.Height), (width, height));
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(user)); // free
    }

    [Fact]
    public async Task TheNewPngLosesExactlyTheRemovedStrokesInkAndKeepsEveryPixelOfTheRest()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 6);
        var original = TouchUpPages.InkOf(await Services.BytesAsync(job.PageAssetId), out var width, out _);

        var result = await TouchUps.RemoveStrokesAsync(job.Id, user, [2]);

        var ink = TouchUpPages.InkOf(await Services.BytesAsync(result.Job!.PageAssetId), out _, out _);
        Assert.True(ink.Length == original.Length);
        for (var i = 0; i < ink.Length; i++)
        {
            Assert.False(ink[i] == 1 && original[i] == 0, $"new ink at pixel {i}");
        }

        // Stroke 2 is the curve at y = 118 + 2 * (3508 - 236) / 6; it crosses the middle of the page there, and nothing else does.
        var y = 118 + 2 * (3508 - 236) / 6;
        Assert.Equal(1, original[y * width + width / 2]);
        Assert.Equal(0, ink[y * width + width / 2]);
        var lost = original.Zip(ink).Count(p => p.First == 1 && p.Second == 0);
        var kept = ink.Count(p => p == 1);
        Assert.InRange(lost, 1, kept / 3); // one curve of six strokes, far less than the frame and the rest
    }

    [Fact]
    public async Task RemovingADividingLineMergesExactlyItsTwoRegionsAndEveryOtherRegionStaysClosed()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedBandsAsync(user, 5); // a frame and four lines across it: five regions inside
        var before = Regions(await Services.BytesAsync(job.PageAssetId));
        Assert.InRange(before, 5, 6); // the five bands, and the margin outside the frame if it counts

        var one = await TouchUps.RemoveStrokesAsync(job.Id, user, [3]);
        var afterOne = Regions(await Services.BytesAsync(one.Job!.PageAssetId));
        var two = await TouchUps.RemoveStrokesAsync(job.Id, user, [1], version: 1); // indexes of version 1: the line that was 1 is still 1
        var afterTwo = Regions(await Services.BytesAsync(two.Job!.PageAssetId));

        Assert.Equal(before - 1, afterOne);
        Assert.Equal(before - 2, afterTwo);
    }

    [Fact]
    public async Task BackToTheOriginalRestoresTheFilesAsMadeAndDropsTheTouchUp()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);
        var edited = (await TouchUps.RemoveStrokesAsync(job.Id, user, [1])).Job!;

        var restored = await TouchUps.RestoreOriginalAsync(job.Id, user, version: 1);

        Assert.True(restored.Succeeded, restored.Message);
        Assert.Equal((job.PageAssetId, job.SvgAssetId, job.PreviewAssetId), (restored.Job!.PageAssetId, restored.Job.SvgAssetId, restored.Job.PreviewAssetId));
        Assert.False(restored.Job.IsTouchedUp);
        Assert.Equal(4, restored.Strokes);
        Assert.Equal(2, restored.Job.PageVersion);
        Assert.Equal(3, await CountAssetsAsync());
        Assert.Null(await Get<AssetStore>().FindAsync(edited.SvgAssetId!.Value, user));
        var again = await TouchUps.RestoreOriginalAsync(job.Id, user);
        Assert.Equal(TouchUpError.Conflict, again.Error);
    }

    [Fact]
    public async Task ASecondTouchUpReplacesTheFirstAndTheOriginalIsStillKept()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 6);
        var first = (await TouchUps.RemoveStrokesAsync(job.Id, user, [5])).Job!;

        var second = (await TouchUps.RemoveStrokesAsync(job.Id, user, [4], version: 1)).Job!;

        Assert.Equal(2, second.PageVersion);
        Assert.Equal(job.SvgAssetId, second.UneditedSvgAssetId);
        Assert.Null(await Get<AssetStore>().FindAsync(first.SvgAssetId!.Value, user));
        Assert.Equal(6, await CountAssetsAsync()); // the original three and the current three
        Assert.Equal(4, PageStrokes.ReadSvg(await Services.BytesAsync(second.SvgAssetId)).Strokes.Count);
    }

    [Fact]
    public async Task TheLinesShowTheCurrentVersionAndItsNumber()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);
        await TouchUps.RemoveStrokesAsync(job.Id, user, [0]);

        var (lines, error, _) = await TouchUps.LinesAsync(job.Id, user);

        Assert.Null(error);
        Assert.Equal(1, lines!.Version);
        Assert.Equal(3, lines.PathData.Count);
        Assert.True(lines.IsTouchedUp);
        Assert.Equal((2480, 3508, 8f), (lines.Width, lines.Height, lines.StrokeWidth));
    }

    [Fact]
    public async Task AnotherPersonsPageIsNotFoundAndNothingOfItChanges()
    {
        var owner = await NewUserAsync();
        var stranger = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(owner, 4);

        Assert.Equal(TouchUpError.NotFound, (await TouchUps.RemoveStrokesAsync(job.Id, stranger, [0])).Error);
        Assert.Equal(TouchUpError.NotFound, (await TouchUps.RestoreOriginalAsync(job.Id, stranger)).Error);
        Assert.Equal(TouchUpError.NotFound, (await TouchUps.LinesAsync(job.Id, stranger)).Error);
        Assert.Equal(TouchUpError.NotFound, (await TouchUps.RemoveStrokesAsync(Guid.NewGuid(), owner, [0])).Error);
        Assert.Equal(0, (await Get<JobService>().FindAsync(job.Id, owner))!.PageVersion);
        Assert.Equal(3, await CountAssetsAsync());
    }

    [Theory]
    [InlineData(JobStatus.Queued)]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Canceled)]
    public async Task AnUnfinishedPageHasNoLinesToTouchUp(JobStatus status)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedJobAsync(user, ExportPages.Lines(3), status);

        Assert.Equal(TouchUpError.NotFinished, (await TouchUps.RemoveStrokesAsync(job.Id, user, [0])).Error);
        Assert.Equal(TouchUpError.NotFinished, (await TouchUps.LinesAsync(job.Id, user)).Error);
    }

    [Theory]
    [InlineData(new int[0], "at least one")]
    [InlineData(new[] { 1, 1 }, "once")]
    [InlineData(new[] { -1 }, "start at 0")]
    [InlineData(new[] { 4 }, "0 to 3")]
    [InlineData(new[] { 0, 99999 }, "0 to 3")]
    [InlineData(new[] { 0, 1, 2, 3 }, "at least one stroke")]
    public async Task WrongStrokeListsAreRefusedNamingTheFieldAndWriteNothing(int[] remove, string words)
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);

        var result = await TouchUps.RemoveStrokesAsync(job.Id, user, remove);

        Assert.Equal(TouchUpError.Invalid, result.Error);
        Assert.Equal("remove", result.Field);
        Assert.Contains(words, result.Message);
        Assert.Equal(3, await CountAssetsAsync());
    }

    [Fact]
    public async Task AHugeListIsRefusedBeforeThePageIsRead()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);

        var result = await TouchUps.RemoveStrokesAsync(job.Id, user, Enumerable.Range(0, PageTouchUps.MaxRemovals + 1).ToArray());

        Assert.Equal(("remove", TouchUpError.Invalid), (result.Field, result.Error));
        Assert.Equal("remove", (await TouchUps.RemoveStrokesAsync(job.Id, user, null)).Field);
    }

    [Fact]
    public async Task ASaveMadeOnAnOlderVersionIsAConflictAndWritesNothing()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 5);
        await TouchUps.RemoveStrokesAsync(job.Id, user, [4], version: 0);

        var stale = await TouchUps.RemoveStrokesAsync(job.Id, user, [3], version: 0);

        Assert.Equal(TouchUpError.Conflict, stale.Error);
        Assert.Equal(6, await CountAssetsAsync());
        Assert.Equal(1, (await Get<JobService>().FindAsync(job.Id, user))!.PageVersion);
    }

    [Fact]
    public async Task TwoSavesAtOnceOneWinsCleanlyAndTheOtherIsAConflictWithNoFilesLeft()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 6);

        var results = await Task.WhenAll(
            Task.Run(() => TouchUps.RemoveStrokesAsync(job.Id, user, [1], version: 0)),
            Task.Run(() => TouchUps.RemoveStrokesAsync(job.Id, user, [2], version: 0)),
            Task.Run(() => TouchUps.RemoveStrokesAsync(job.Id, user, [3])));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(TouchUpError.Conflict, r.Error));
        var now = (await Get<JobService>().FindAsync(job.Id, user))!;
        Assert.Equal(1, now.PageVersion);
        Assert.Equal(6, await CountAssetsAsync());
        Assert.Equal(5, PageStrokes.ReadSvg(await Services.BytesAsync(now.SvgAssetId)).Strokes.Count);
    }

    [Fact]
    public async Task ASaveThatFailsAtTheLastStepLeavesNoNewFilesAndNoChangedRows()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);
        Get<CrashPoint>().Arm("UPDATE", "jobs", "PageVersion");

        await Assert.ThrowsAnyAsync<Exception>(() => TouchUps.RemoveStrokesAsync(job.Id, user, [1]));

        Assert.Equal(1, Get<CrashPoint>().Crashes);
        Assert.Equal(3, await CountAssetsAsync());
        var unchanged = (await Get<JobService>().FindAsync(job.Id, user))!;
        Assert.Equal((0, job.SvgAssetId, (Guid?)null), (unchanged.PageVersion, unchanged.SvgAssetId, unchanged.UneditedSvgAssetId));
        Assert.Equal(3, Directory.EnumerateFiles(Database.StorageRoot, "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task ANewVersionExpiresWithThePageAndDeletingThePageDeletesEveryVersion()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 4);
        Clock.Advance(TimeSpan.FromDays(10));
        var edited = (await TouchUps.RemoveStrokesAsync(job.Id, user, [1])).Job!;

        var original = await Get<AssetStore>().FindAsync(job.SvgAssetId!.Value, user);
        var current = await Get<AssetStore>().FindAsync(edited.SvgAssetId!.Value, user);
        Assert.Equal(original!.ExpiresAt, current!.ExpiresAt);

        Assert.Equal(JobService.DeleteOutcome.Deleted, await Get<JobService>().DeleteAsync(job.Id, user));
        Assert.Equal(0, await CountAssetsAsync());
    }

    [Fact]
    public async Task ThePdfPrintsTheTouchedUpVersionAndAfterARestoreTheOriginal()
    {
        var user = await NewUserAsync();
        var job = await Services.FinishedLinesAsync(user, 6);
        var exports = Get<PdfExports>();
        async Task<int> SubpathsAsync()
        {
            var result = await exports.ExportAsync(user, new PdfExportRequest([job.Id]));
            using var pdf = ExportPages.Read(result);
            return pdf.GetPage(1).Subpaths();
        }

        var before = await SubpathsAsync();
        await TouchUps.RemoveStrokesAsync(job.Id, user, [2, 3]);
        var edited = await SubpathsAsync();
        await TouchUps.RestoreOriginalAsync(job.Id, user);

        Assert.Equal(before - 2, edited); // each curve of the drawing is one subpath
        Assert.Equal(before, await SubpathsAsync());
    }

    private static int Regions(byte[] png)
    {
        var ink = TouchUpPages.InkOf(png, out var width, out var height);
        return PageInspector.Measure(ink, width, height, 8, 40, 1).Regions;
    }

    private async Task<Guid> NewUserAsync()
    {
        var user = await Services.AddUserAsync();
        await Get<CreditLedger>().OpenAccountAsync(user.Id);
        return user.Id;
    }

    private async Task<int> CountAssetsAsync()
    {
        await using var db = await Get<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.Assets.CountAsync();
    }
}
