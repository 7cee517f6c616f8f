using System.Text;
using System.Text.Json;
using Coloring.Domain.Export;
using Coloring.E2E.Pages;
using Coloring.E2E.Support;
using Coloring.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Coloring.E2E.Jobs;

/// <summary>Touching up a finished page in the browser: Edit lines, remove strokes by click and keyboard, undo, redo, save; the PNG and the PDF lose them.</summary>
[Collection(JobsCollection.Name)]
public sealed class TouchUpTests(E2EFixture fixture) : BrowserTest(fixture)
{
    private sealed record Target(int Index, double X, double Y);

    [Fact]
    public async Task AParentRemovesTwoStrokesAndBothThePngAndThePdfLoseThem()
    {
        var email = NewEmail("touchup");
        await SignInAsync(Page, email);
        var jobId = await MakePageAsync(Page, TestPhotos.Sweets);
        var job = new JobDetailPage(Page);
        var originalSvg = await DownloadAsync(job.DownloadSvg);
        var originalPng = await DownloadAsync(job.DownloadPng);
        var original = PageStrokes.ReadSvg(originalSvg);
        var userId = await UserIdAsync(email);
        var pdfBefore = await Fixture.App.Services.GetRequiredService<PdfExports>().ExportAsync(userId, new PdfExportRequest([jobId]));
        int subpathsBefore;
        using (var pdf = PdfDocument.Open(pdfBefore.Pdf!))
        {
            subpathsBefore = pdf.GetPage(1).Paths.Sum(p => p.Count);
        }

        await job.EditLines.ClickAsync();
        await Expect(job.Strokes).ToHaveCountAsync(original.Strokes.Count);
        await Expect(job.SaveLines).ToBeDisabledAsync();

        // Two clicks, each on a point of a line where that line is on top.
        var targets = await TargetsAsync(2);
        await Page.Mouse.MoveAsync((float)targets[0].X, (float)targets[0].Y);
        await Expect(job.Strokes.Nth(targets[0].Index)).ToHaveAttributeAsync("data-hover", "");
        await Screenshots.CaptureAsync(Page, "80-edit-lines");
        foreach (var target in targets)
        {
            await Page.Mouse.ClickAsync((float)target.X, (float)target.Y);
            await Expect(job.Strokes.Nth(target.Index)).ToHaveClassAsync("removed");
        }

        await Expect(job.RemovedStrokes).ToHaveCountAsync(2);
        await Expect(job.SaveLines).ToBeEnabledAsync();

        // Undo and redo, by button and by key.
        await job.Undo.ClickAsync();
        await Expect(job.RemovedStrokes).ToHaveCountAsync(1);
        await job.Redo.ClickAsync();
        await Expect(job.RemovedStrokes).ToHaveCountAsync(2);
        await job.LineCanvas.FocusAsync();
        await Page.Keyboard.PressAsync("Control+z");
        await Expect(job.RemovedStrokes).ToHaveCountAsync(1);
        await Page.Keyboard.PressAsync("Control+y");
        await Expect(job.RemovedStrokes).ToHaveCountAsync(2);

        // The keyboard way: arrows pick a line by name, Delete removes it; then undone, to keep the two clicked.
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(job.PickedStroke).ToHaveCountAsync(1);
        await Expect(job.LineStatus).ToContainTextAsync("picked");
        var picked = await job.PickedStroke.GetAttributeAsync("aria-label");
        Assert.Matches("^Line \\d+ of \\d+$", picked);
        await Page.Keyboard.PressAsync("Delete");
        await Expect(job.RemovedStrokes).ToHaveCountAsync(3);
        await Page.Keyboard.PressAsync("Control+z");
        await Expect(job.RemovedStrokes).ToHaveCountAsync(2);
        Assert.Equal(targets.Select(t => t.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            (await job.RemovedStrokes.EvaluateAllAsync<string[]>("paths => paths.map(p => p.dataset.index)")).Order());

        await job.SaveLines.ClickAsync();
        await Expect(job.TouchedUpNote).ToBeVisibleAsync();
        await Expect(job.BackToTheOriginal).ToBeVisibleAsync();

        // The SVG keeps every other path as it was; the PNG is exactly those paths drawn at 300 DPI.
        var removed = targets.Select(t => t.Index).ToHashSet();
        var kept = original.Strokes.Where((_, i) => !removed.Contains(i)).Select(s => s.PathData).ToList();
        var newSvg = PageStrokes.ReadSvg(await DownloadAsync(job.DownloadSvg));
        Assert.Equal(kept, newSvg.Strokes.Select(s => s.PathData));
        var newPng = await DownloadAsync(job.DownloadPng);
        Assert.NotEqual(originalPng, newPng);
        Assert.Equal(PageRedraw.Draw(kept, original.Strokes[0].Width, (int)original.Width, (int)original.Height, Paper.A4).Png, newPng);
        Assert.True(Ink(newPng) < Ink(originalPng), "the new page has less ink");

        // The PDF from the job page's dialog prints the touched-up version: the removed strokes' subpaths are gone.
        await job.ExportPdf.ClickAsync();
        var dialog = new PdfExportDialog(Page);
        var download = await Page.RunAndWaitForDownloadAsync(() => dialog.Download.ClickAsync());
        using var printed = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
        var removedSubpaths = original.Strokes.Where((_, i) => removed.Contains(i)).Sum(s => s.PathData.Count(c => c is 'M' or 'm'));
        Assert.Equal(subpathsBefore - removedSubpaths, printed.GetPage(1).Paths.Sum(p => p.Count));

        // Back to the original brings the first files back.
        await job.BackToTheOriginal.ClickAsync();
        await Expect(job.TouchedUpNote).ToHaveCountAsync(0);
        Assert.Equal(originalSvg, await DownloadAsync(job.DownloadSvg));
    }

    [Fact]
    public async Task ABrushAcrossThePageRemovesEveryStrokeItCrossesInOneStep()
    {
        var email = NewEmail("brush");
        await SignInAsync(Page, email);
        await MakePageAsync(Page, TestPhotos.Sweets);
        var job = new JobDetailPage(Page);
        await job.EditLines.ClickAsync();
        await Expect(job.Strokes.First).ToBeAttachedAsync();

        // One drag through three lines (a mouse here; a finger sends the same pointer events).
        var targets = await TargetsAsync(3);
        await Page.Mouse.MoveAsync((float)targets[0].X, (float)targets[0].Y);
        await Page.Mouse.DownAsync();
        await Page.Mouse.MoveAsync((float)targets[1].X, (float)targets[1].Y, new() { Steps = 20 });
        await Page.Mouse.MoveAsync((float)targets[2].X, (float)targets[2].Y, new() { Steps = 20 });
        await Page.Mouse.UpAsync();

        await Expect(job.RemovedStrokes.First).ToBeAttachedAsync();
        var brushed = (await job.RemovedStrokes.EvaluateAllAsync<string[]>("paths => paths.map(p => p.dataset.index)")).Select(int.Parse).ToList();
        Assert.Superset(targets.Select(t => t.Index).ToHashSet(), brushed.ToHashSet()); // every line the drag crossed is gone
        await Screenshots.CaptureAsync(Page, "81-edit-lines-brushed");
        await job.Undo.ClickAsync(); // one step for the whole brush
        await Expect(job.RemovedStrokes).ToHaveCountAsync(0);
        await Expect(job.SaveLines).ToBeDisabledAsync();
    }

    private async Task<List<Target>> TargetsAsync(int count)
    {
        await Page.GetByTestId("line-canvas").ScrollIntoViewIfNeededAsync();
        var json = await Page.EvaluateAsync<JsonElement>(@"(count) => {
            const found = [];
            for (const p of document.querySelectorAll('[data-testid=line-canvas] path:not(.removed)')) {
                const length = p.getTotalLength();
                if (length < 300) continue;
                const point = p.getPointAtLength(length / 2);
                const m = p.getScreenCTM();
                const x = point.x * m.a + point.y * m.c + m.e, y = point.x * m.b + point.y * m.d + m.f;
                if (y < 0 || y > window.innerHeight) continue;
                const top = document.elementsFromPoint(x, y).find(e => e instanceof SVGPathElement);
                if (top === p) found.push({ index: Number(p.dataset.index), x, y });
                if (found.length >= count) break;
            }
            return found;
        }", count);
        var targets = json.EnumerateArray().Select(t => new Target(t.GetProperty("index").GetInt32(), t.GetProperty("x").GetDouble(), t.GetProperty("y").GetDouble())).ToList();
        Assert.Equal(count, targets.Count);
        return targets;
    }

    private async Task<byte[]> DownloadAsync(ILocator link)
    {
        var href = await link.GetAttributeAsync("href");
        var response = await Page.APIRequest.GetAsync(Url(href!));
        Assert.True(response.Ok, $"{href}: {response.Status}");
        return await response.BodyAsync();
    }

    private static int Ink(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var ink = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                ink += bitmap.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }

        return ink;
    }
}
