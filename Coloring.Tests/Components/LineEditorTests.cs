using Bunit;
using Coloring.Domain.Credits;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Tests.Domain.TouchUp;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Jobs;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Coloring.Tests.Components;

/// <summary>The job page's Edit lines mode: removing by click, brush and keyboard, undo and redo, save and cancel, back to the original.</summary>
public class LineEditorTests : ComponentTest
{
    [Fact]
    public async Task EditLinesShowsEveryStrokeOfThePageAsAPathAndSaveStartsDisabled()
    {
        var (_, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);

        await OpenEditorAsync(page);

        Assert.Equal(5, page.FindAll("[data-testid=line-canvas] path").Count);
        Assert.True(SaveButton(page).HasAttribute("disabled"));
        Assert.True(Button(page, "Undo").HasAttribute("disabled"));
        Assert.True(Button(page, "Redo").HasAttribute("disabled"));
        Assert.Contains("joins the two areas", page.Find("[data-testid=line-editor]").TextContent);
    }

    [Fact]
    public async Task AClickOrBrushRemovesStrokesAndSaveIsEnabledOnlyWhileSomethingIsRemoved()
    {
        var (_, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        var editor = page.FindComponent<LineEditor>();

        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([1]));
        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([2, 3, 3, 99, -1]));

        Assert.Equal(new[] { "1", "2", "3" }, Removed(page));
        Assert.Equal("3 lines removed", page.Find("[data-testid=removed-count]").TextContent.Trim());
        Assert.False(SaveButton(page).HasAttribute("disabled"));

        await Button(page, "Undo").ClickAsync(new MouseEventArgs());
        Assert.Equal(new[] { "1" }, Removed(page));
        await Button(page, "Undo").ClickAsync(new MouseEventArgs());
        Assert.Empty(Removed(page));
        Assert.True(SaveButton(page).HasAttribute("disabled"));

        await Button(page, "Redo").ClickAsync(new MouseEventArgs());
        await Button(page, "Redo").ClickAsync(new MouseEventArgs());
        Assert.Equal(new[] { "1", "2", "3" }, Removed(page));
        Assert.True(Button(page, "Redo").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ANewRemovalAfterAnUndoClearsRedo()
    {
        var (_, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        var editor = page.FindComponent<LineEditor>();

        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([1]));
        await Button(page, "Undo").ClickAsync(new MouseEventArgs());
        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([4]));

        Assert.True(Button(page, "Redo").HasAttribute("disabled"));
        Assert.Equal(new[] { "4" }, Removed(page));
    }

    [Fact]
    public async Task TheKeyboardPicksLinesOneByOneRemovesWithDeleteAndUndoesAndRedoes()
    {
        var (_, job) = await SignedInWithPageAsync(4);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);

        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "ArrowRight" });
        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "ArrowRight" });

        var picked = page.Find("[data-testid=line-canvas] path.selected");
        Assert.Equal("1", picked.GetAttribute("data-index"));
        Assert.Equal("Line 2 of 4", picked.GetAttribute("aria-label"));
        Assert.Equal(picked.Id, Canvas(page).GetAttribute("aria-activedescendant"));
        Assert.Contains("Line 2 of 4 picked", page.Find("[data-testid=line-status]").TextContent);

        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "Delete" });
        Assert.Equal(new[] { "1" }, Removed(page));
        Assert.Equal("2", page.Find("[data-testid=line-canvas] path.selected").GetAttribute("data-index")); // moves on to the next line

        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "ArrowLeft" });
        Assert.Equal("0", page.Find("[data-testid=line-canvas] path.selected").GetAttribute("data-index")); // skips the removed one

        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        Assert.Empty(Removed(page));
        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "y", CtrlKey = true });
        Assert.Equal(new[] { "1" }, Removed(page));
        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "z", CtrlKey = true });
        await Canvas(page).KeyDownAsync(new KeyboardEventArgs { Key = "Z", CtrlKey = true, ShiftKey = true });
        Assert.Equal(new[] { "1" }, Removed(page));
    }

    [Fact]
    public async Task APageKeepsAtLeastOneLine()
    {
        var (_, job) = await SignedInWithPageAsync(3);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        var editor = page.FindComponent<LineEditor>();

        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([0, 1, 2]));

        Assert.Equal(2, Removed(page).Length);
    }

    [Fact]
    public async Task SavingMakesANewVersionAndThePageShowsItWithBackToTheOriginal()
    {
        var (user, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        var editor = page.FindComponent<LineEditor>();
        await page.InvokeAsync(() => editor.Instance.RemoveStrokes([2]));

        await SaveButton(page).ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=line-editor]")));
        var saved = (await App.GetRequiredService<JobService>().FindAsync(job.Id, user))!;
        Assert.Equal(1, saved.PageVersion);
        Assert.Contains("touched up the lines", page.Find("[data-testid=touched-up]").TextContent);
        Assert.Equal(3, await App.GetRequiredService<CreditLedger>().GetBalanceAsync(user));

        await Button(page, "Back to the original").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=touched-up]")));
        var restored = (await App.GetRequiredService<JobService>().FindAsync(job.Id, user))!;
        Assert.Equal(job.SvgAssetId, restored.SvgAssetId);
    }

    [Fact]
    public async Task CancelLeavesThePageAsItWas()
    {
        var (user, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        await page.InvokeAsync(() => page.FindComponent<LineEditor>().Instance.RemoveStrokes([2]));

        await Button(page, "Cancel").ClickAsync(new MouseEventArgs());

        Assert.Empty(page.FindAll("[data-testid=line-editor]"));
        Assert.Equal(0, (await App.GetRequiredService<JobService>().FindAsync(job.Id, user))!.PageVersion);
    }

    [Fact]
    public async Task ASaveOverAVersionChangedElsewhereSaysSoAndKeepsTheEdits()
    {
        var (user, job) = await SignedInWithPageAsync(5);
        var page = RenderJobPage(job.Id);
        await OpenEditorAsync(page);
        await page.InvokeAsync(() => page.FindComponent<LineEditor>().Instance.RemoveStrokes([2]));
        await App.GetRequiredService<Coloring.Domain.TouchUp.PageTouchUps>().RemoveStrokesAsync(job.Id, user, [4]); // another window saves first

        await SaveButton(page).ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Contains("changed meanwhile", page.Find("[data-testid=line-editor-error]").TextContent));
        Assert.Equal(new[] { "2" }, Removed(page));
        Assert.Equal(1, (await App.GetRequiredService<JobService>().FindAsync(job.Id, user))!.PageVersion);
    }

    private IRenderedComponent<JobDetail> RenderJobPage(Guid jobId)
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<JobDetail>(p => p.Add(c => c.Id, jobId));
    }

    private static async Task OpenEditorAsync(IRenderedComponent<JobDetail> page)
    {
        page.WaitForAssertion(() => Assert.False(Button(page, "Edit lines").HasAttribute("disabled")));
        await Button(page, "Edit lines").ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=line-canvas] path")));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<JobDetail> page, string text) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private static AngleSharp.Dom.IElement SaveButton(IRenderedComponent<JobDetail> page) =>
        page.FindAll("button").Single(b => b.TextContent.Trim() is "Save" or "Saving…");

    private static AngleSharp.Dom.IElement Canvas(IRenderedComponent<JobDetail> page) => page.Find("[data-testid=line-canvas]");

    private static string[] Removed(IRenderedComponent<JobDetail> page) =>
        page.FindAll("[data-testid=line-canvas] path.removed").Select(p => p.GetAttribute("data-index")!).ToArray();

    private async Task<(Guid User, Job Job)> SignedInWithPageAsync(int lines)
    {
        var user = await App.AddUserAsync();
        await App.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        var job = await App.FinishedLinesAsync(user.Id, lines);
        SignIn(user.Id, user.Email!);
        return (user.Id, job);
    }
}
