using Bunit;
using Coloring.Domain.Credits;
using Coloring.Engine;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Jobs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Coloring.Tests.Components;

/// <summary>The export dialog checks the choices with the server's rules, then posts them as an ordinary form.</summary>
public sealed class PdfExportDialogTests : ComponentTest
{
    private BunitJSModuleInterop? _download;

    [Fact]
    public async Task ABookIsPostedWithItsPagesInOrderTheChoicesAndTheAntiforgeryToken()
    {
        await SignedInAsync(credits: 3);
        Guid[] pages = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var (provider, reference) = await ShowAsync(pages, Paper.Letter, book: true);

        provider.Find("input[type=text]").Input("Our summer");
        provider.FindAll("label.mud-radio").Single(l => l.TextContent.Contains("Landscape")).QuerySelector("input")!.Click();
        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        var fields = ((IEnumerable<string[]>)_download!.VerifyInvoke("post").Arguments[1]!).Select(f => (f[0], f[1])).ToList();
        Assert.Equal("/export/pdf", _download!.VerifyInvoke("post").Arguments[0]);
        Assert.Equal(("__RequestVerificationToken", FixedAntiforgery.Token), fields[0]);
        Assert.Equal(pages.Select(p => p.ToString()), fields.Where(f => f.Item1 == "jobIds").Select(f => f.Item2));
        Assert.Contains(("paper", "Letter"), fields);
        Assert.Contains(("orientation", "Landscape"), fields);
        Assert.Contains(("title", "Our summer"), fields);
        Assert.Contains(("cover", "true"), fields);
        Assert.False((await reference.Result)!.Canceled);
    }

    [Fact]
    public async Task ATitleWithAControlCharacterIsRefusedInTheDialogAndNothingIsPosted()
    {
        await SignedInAsync(credits: 3);
        var (provider, _) = await ShowAsync([Guid.NewGuid()], Paper.A4, book: false);

        provider.Find("input[type=text]").Input("Bell\u0007");
        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        Assert.Contains("control characters", provider.Markup);
        Assert.Empty(_download!.Invocations);
    }

    [Fact]
    public async Task ABookOfFiftyOnePagesIsRefusedInTheDialog()
    {
        await SignedInAsync(credits: 3);
        var (provider, _) = await ShowAsync(Enumerable.Range(0, 51).Select(_ => Guid.NewGuid()).ToArray(), Paper.A4, book: true);

        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        Assert.Contains("at most 50 pages", provider.Find("[data-testid=pdf-error]").TextContent);
        Assert.Empty(_download!.Invocations);
    }

    [Fact]
    public async Task WhenTheServerRefusesTheDialogStaysOpenAndSaysWhy()
    {
        const string reason = "You have printed many PDFs in a short time. You can print again in 7 minutes.";
        await SignedInAsync(credits: 3, refusal: reason);
        var (provider, reference) = await ShowAsync([Guid.NewGuid(), Guid.NewGuid()], Paper.A4, book: true);

        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        provider.WaitForAssertion(() => Assert.Equal(reason, provider.Find("[data-testid=pdf-error]").TextContent.Trim()));
        Assert.False(reference.Result.IsCompleted);
        Assert.False(provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, false)]
    public async Task TheFreeTierNoteIsAnnouncedExactlyWhenTheBalanceIsZero(int credits, bool announced)
    {
        await SignedInAsync(credits);

        var (provider, _) = await ShowAsync([Guid.NewGuid()], Paper.A4, book: false);

        Assert.Equal(announced, provider.FindAll("[data-testid=pdf-free-tier]").Count == 1);
    }

    [Fact]
    public async Task ThePaperOnTheProfileIsChosenFirstOverThePagesOwn()
    {
        var userId = await SignedInAsync(credits: 3);
        await App.GetRequiredService<Coloring.Domain.Accounts.AccountSettings>().SetPaperAsync(userId, Paper.Letter);
        var (provider, _) = await ShowAsync([Guid.NewGuid()], Paper.A4, book: false);

        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        var fields = ((IEnumerable<string[]>)_download!.VerifyInvoke("post").Arguments[1]!).Select(f => (f[0], f[1])).ToList();
        Assert.Contains(("paper", "Letter"), fields);
    }

    [Fact]
    public async Task WithoutAPaperOnTheProfileThePagesOwnIsChosenFirst()
    {
        await SignedInAsync(credits: 3);
        var (provider, _) = await ShowAsync([Guid.NewGuid()], Paper.Letter, book: false);

        provider.FindAll("button").Single(b => b.TextContent.Contains("Download PDF")).Click();

        var fields = ((IEnumerable<string[]>)_download!.VerifyInvoke("post").Arguments[1]!).Select(f => (f[0], f[1])).ToList();
        Assert.Contains(("paper", "Letter"), fields);
    }

    private async Task<Guid> SignedInAsync(int credits, string? refusal = null)
    {
        _download = JSInterop.SetupModule("/js/download.js");
        _download.Setup<string?>("post", _ => true).SetResult(refusal);
        var user = await App.AddUserAsync();
        var ledger = App.GetRequiredService<CreditLedger>();
        await ledger.OpenAccountAsync(user.Id);
        if (credits != CreditLedger.SignupCredits)
        {
            await ledger.GrantAsync(user.Id, credits - CreditLedger.SignupCredits, CreditReason.AdminGrant, $"set-{user.Id:N}", "test");
        }

        SignIn(user.Id, user.Email!);
        return user.Id;
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync(Guid[] pages, Paper paper, bool book)
    {
        var provider = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PdfExportDialog>
        {
            { d => d.JobIds, pages },
            { d => d.Paper, paper },
            { d => d.Book, book },
        };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await App.GetRequiredService<IDialogService>().ShowAsync<PdfExportDialog>("Export", parameters));
        provider.WaitForElement("input[type=text]");
        return (provider, reference!);
    }
}
