using Bunit;
using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Jobs;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Create;
using Coloring.Web.RateLimits;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Components;

/// <summary>The Create page asks the same limiter as the API and says in words when to try again.</summary>
public class CreatePageLimitsTests : ComponentTest
{
    private ActionLimiter Limits => App.GetRequiredService<ActionLimiter>();

    [Fact]
    public async Task ThePageSaysTheLimitsBeforeTheyAreReached()
    {
        await SignedInWithCreditsAsync();

        var page = Render<Create>();

        page.WaitForAssertion(() => Assert.Equal("You can start up to 5 pages an hour and upload up to 10 photos an hour.",
            page.Find("[data-testid=limits]").TextContent.Trim()));
    }

    [Fact]
    public async Task AtNoCreditsWithBuyingOffThePageSaysWhoToAskAndOffersNoPurchase()
    {
        var user = await App.AddUserAsync();
        SignIn(user.Id, user.Email!);

        var page = Render<Create>();

        page.WaitForAssertion(() => Assert.Contains("ask the person who runs this site", page.Find("[data-testid=no-credits]").TextContent));
        Assert.DoesNotContain("Get more credits", page.Markup);
    }

    [Fact]
    public async Task OverTheUploadLimitThePageSaysWhenAnotherPhotoCanBeUploaded()
    {
        var userId = await SignedInWithCreditsAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await Limits.UploadAsync(userId)).Allowed);
        }

        Clock.Advance(TimeSpan.FromMinutes(48));
        var page = Render<Create>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Photo("sweets.png"), "sweets.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Contains("You can upload another in 12 minutes.", page.Find("#photo-error").TextContent));
        Assert.Empty(page.FindAll("img.photo-preview"));
    }

    [Fact]
    public async Task OverTheGenerationLimitThePageSaysWhenAnotherPageCanBeStartedAndNoCreditIsSpent()
    {
        var userId = await SignedInWithCreditsAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Limits.GenerationAsync(userId)).Allowed);
        }

        var page = Render<Create>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Photo("sweets.png"), "sweets.png", contentType: "image/png"));
        page.WaitForAssertion(() => page.Find("img.photo-preview"));

        page.FindAll("button").Single(b => b.TextContent.Contains("Generate")).Click();

        page.WaitForAssertion(() => Assert.Contains("You can start another page in 60 minutes.", page.Markup));
        Assert.Equal(3, await App.GetRequiredService<CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task AfterARefusalForTooManyStartsGenerateShowsTheWaitAndStaysOffUntilItIsOver()
    {
        var userId = await SignedInWithCreditsAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Limits.GenerationAsync(userId)).Allowed);
        }

        var page = Render<Create>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Photo("sweets.png"), "sweets.png", contentType: "image/png"));
        page.WaitForAssertion(() => page.Find("img.photo-preview"));
        GenerateButton(page).Click();

        page.WaitForAssertion(() => Assert.Equal("Generate again in 60:00", GenerateButton(page).TextContent.Trim()));
        Assert.True(GenerateButton(page).HasAttribute("disabled"));

        Clock.Advance(TimeSpan.FromMinutes(58) + TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.Equal("Generate again in 1:30", GenerateButton(page).TextContent.Trim()));
        Assert.True(GenerateButton(page).HasAttribute("disabled"));

        Clock.Advance(TimeSpan.FromSeconds(90));
        page.WaitForAssertion(() => Assert.Equal("Generate", GenerateButton(page).TextContent.Trim()));
        Assert.False(GenerateButton(page).HasAttribute("disabled"));
        Assert.DoesNotContain("You can start another page", page.Markup);
    }

    [Fact]
    public async Task TheWaitsTimerIsStoppedWhenThePageIsLeft()
    {
        var userId = await SignedInWithCreditsAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await Limits.GenerationAsync(userId)).Allowed);
        }

        var page = Render<Create>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Photo("sweets.png"), "sweets.png", contentType: "image/png"));
        page.WaitForAssertion(() => page.Find("img.photo-preview"));
        GenerateButton(page).Click();
        page.WaitForAssertion(() => Assert.StartsWith("Generate again in", GenerateButton(page).TextContent.Trim()));

        page.Instance.Dispose();
        var markup = page.Markup;
        Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(markup, page.Markup);
    }

    [Fact]
    public async Task ThePaperOnTheProfileIsNotAskedAgainAndThePageIsMadeForIt()
    {
        var userId = await SignedInWithCreditsAsync();
        await App.GetRequiredService<AccountSettings>().SetPaperAsync(userId, Paper.Letter);

        var page = Render<Create>();
        page.WaitForAssertion(() => Assert.Equal("Paper: Letter · change", Squeezed(page.Find("[data-testid=paper]").TextContent)));
        Assert.Empty(page.FindAll("input[name=paper]"));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Photo("sweets.png"), "sweets.png", contentType: "image/png"));
        page.WaitForAssertion(() => page.Find("img.photo-preview"));
        GenerateButton(page).Click();

        page.WaitForAssertion(() => Assert.Single(App.GetRequiredService<RecordingScheduler>().Scheduled));
        var jobId = App.GetRequiredService<RecordingScheduler>().Scheduled.Keys.Single();
        Assert.Equal(Paper.Letter, (await App.GetRequiredService<JobService>().FindAsync(jobId, userId))!.Paper);
    }

    [Fact]
    public async Task ThePaperOnTheProfileCanBeChangedForOnePage()
    {
        var userId = await SignedInWithCreditsAsync();
        await App.GetRequiredService<AccountSettings>().SetPaperAsync(userId, Paper.Letter);

        var page = Render<Create>();
        page.WaitForAssertion(() => page.Find("[data-testid=paper] button").Click());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("input[name=paper]").Count));
        Assert.Equal(Paper.Letter, await App.GetRequiredService<AccountSettings>().GetPaperAsync(userId));
    }

    [Fact]
    public async Task WithoutAPaperOnTheProfileThePageAsksAndSaysWhereToRememberIt()
    {
        await SignedInWithCreditsAsync();

        var page = Render<Create>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("input[name=paper]").Count));
        Assert.Empty(page.FindAll("[data-testid=paper]"));
        Assert.NotNull(page.Find("a[href='/account/profile']"));
    }

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static AngleSharp.Dom.IElement GenerateButton(IRenderedComponent<Create> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("Generate"));

    private async Task<Guid> SignedInWithCreditsAsync()
    {
        var user = await App.AddUserAsync();
        await App.GetRequiredService<CreditLedger>().OpenAccountAsync(user.Id);
        SignIn(user.Id, user.Email!);
        return user.Id;
    }
}
