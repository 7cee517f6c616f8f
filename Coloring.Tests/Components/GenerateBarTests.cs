using Bunit;
using Coloring.Web.Components.Pages.Create;
using Coloring.Web.RateLimits;

namespace Coloring.Tests.Components;

/// <summary>The foot of the Create form on its own: the cost, what stops a page now, and the button.</summary>
public class GenerateBarTests : ComponentTest
{
    [Fact]
    public void TheCostAndTheBalanceAreSaidInWordsForOneCredit()
    {
        var bar = Render<GenerateBar>(p => p.Add(b => b.Balance, 1).Add(b => b.CanGenerate, true));

        Assert.Equal("Cost: 1 credit. You have 1 credit.", bar.Find("[data-testid=cost]").TextContent.Trim());
        Assert.Empty(bar.FindAll("[data-testid=no-credits]"));
    }

    [Fact]
    public void AtNoCreditsItSaysSoAndTheButtonCannotBePressed()
    {
        var pressed = 0;
        var bar = Render<GenerateBar>(p => p.Add(b => b.Balance, 0).Add(b => b.CanGenerate, false).Add(b => b.OnGenerate, () => pressed++));

        Assert.Contains("You have no credits left", bar.Find("[data-testid=no-credits]").TextContent);
        Assert.True(bar.Find("button").HasAttribute("disabled"));
        Assert.Equal(0, pressed);
    }

    [Fact]
    public void APauseAnErrorAndTheLimitsAreEachShown()
    {
        var limits = new PersonalLimits(new WindowLimit { PermitLimit = 60, Window = TimeSpan.FromHours(1) }, new WindowLimit { PermitLimit = 3, Window = TimeSpan.FromHours(2) }, true);

        var bar = Render<GenerateBar>(p => p.Add(b => b.Balance, 4).Add(b => b.CanGenerate, false).Add(b => b.Limits, limits)
            .Add(b => b.PausedMessage, "Back at 6 pm.").Add(b => b.Error, "<b>not markup</b>"));

        Assert.Equal("Back at 6 pm.", bar.Find("[data-testid=generation-paused]").TextContent.Trim());
        Assert.Equal("<b>not markup</b>", bar.Find("[role=alert]").TextContent.Trim());
        Assert.Equal("You can start up to 3 pages every 2 hours and upload up to 60 photos an hour (the higher limit for people who bought credits).",
            bar.Find("[data-testid=limits]").TextContent.Trim());
    }

    [Fact]
    public void PressingTheButtonAsksOnceAndSaysItIsStarting()
    {
        var pressed = 0;
        var bar = Render<GenerateBar>(p => p.Add(b => b.Balance, 3).Add(b => b.CanGenerate, true).Add(b => b.OnGenerate, () => pressed++));

        bar.Find("button").Click();
        bar.Render(p => p.Add(b => b.Generating, true));

        Assert.Equal(1, pressed);
        Assert.Contains("Starting…", bar.Find("button").TextContent);
    }

    [Fact]
    public void WhileTheOptionsMakeAPageAlreadyMadeTheButtonIsOffAndTheNoteLinksToThatPage()
    {
        var pressed = 0;
        var bar = Render<GenerateBar>(p => p.Add(b => b.Balance, 3).Add(b => b.CanGenerate, true).Add(b => b.AlreadyMade, "/jobs/1234").Add(b => b.OnGenerate, () => pressed++));

        Assert.Contains("You already made this page from this photo", bar.Find("[data-testid=already-made]").TextContent);
        Assert.Equal("/jobs/1234", bar.Find("[data-testid=already-made] a").GetAttribute("href"));
        Assert.True(bar.Find("button").HasAttribute("disabled"));

        bar.Render(p => p.Add(b => b.AlreadyMade, null));
        Assert.Empty(bar.FindAll("[data-testid=already-made]"));
        bar.Find("button").Click();
        Assert.Equal(1, pressed);
    }
}
