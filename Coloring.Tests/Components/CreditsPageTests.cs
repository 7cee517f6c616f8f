using Bunit;
using Coloring.Domain.Credits;
using Coloring.Tests.Support;
using Coloring.Web.Components.Pages.Credits;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Components;

public class CreditsPageTests : ComponentTest
{
    private CreditLedger Ledger => App.GetRequiredService<CreditLedger>();

    [Fact]
    public async Task WithoutAStripeKeyThePageSaysPlainlyThatBuyingIsOffAndOffersNoPacks()
    {
        var user = await App.AddUserAsync("ann@example.com");
        await Ledger.OpenAccountAsync(user.Id);
        SignIn(user.Id, user.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Contains("Buying credits is not available on this site.", page.Find("[data-testid=buying-off]").TextContent));
        Assert.Empty(page.FindAll("[data-testid^=pack-]"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Buy");
    }

    [Fact]
    public async Task ANewUserSeesThreeCreditsAndTheWelcomeLine()
    {
        var user = await App.AddUserAsync("ann@example.com");
        await Ledger.OpenAccountAsync(user.Id);
        SignIn(user.Id, user.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Contains("Welcome credits", page.Markup));
        Assert.Equal("3 credits", page.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Contains("+3", page.Markup);
    }

    [Fact]
    public async Task AUserWithNoActivitySeesAnEmptyHistoryAndTheFreeTierNote()
    {
        var user = await App.AddUserAsync("empty@example.com");
        SignIn(user.Id, user.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Contains("No credit activity yet.", page.Markup));
        Assert.Equal("0 credits", page.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Contains("free tier", page.Markup);
    }

    [Fact]
    public async Task OneCreditIsWrittenInTheSingular()
    {
        var user = await App.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        await Ledger.GrantAsync(user.Id, -2, CreditReason.AdminGrant, "take-two", "admin", "duplicate account");
        SignIn(user.Id, user.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Contains("Removed by support: duplicate account", page.Markup));
        Assert.Equal("1 credit", page.Find("[data-testid=balance]").TextContent.Trim());
    }

    [Fact]
    public async Task TheBalanceAndHistoryUpdateWhenACreditIsSpentElsewhere()
    {
        var user = await App.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        SignIn(user.Id, user.Email!);
        var page = Render<Credits>();
        page.WaitForAssertion(() => Assert.Contains("Welcome credits", page.Markup));

        await App.ChargeForPageAsync(user.Id);

        page.WaitForAssertion(() => Assert.Equal("2 credits", page.Find("[data-testid=balance]").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Contains("Coloring page made", page.Markup));
    }

    [Fact]
    public async Task ALongHistoryIsShownTenLinesAtATime()
    {
        var user = await App.AddUserAsync();
        await Ledger.OpenAccountAsync(user.Id);
        for (var i = 0; i < 25; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Ledger.GrantAsync(user.Id, 1, CreditReason.Purchase, $"purchase-{i}", "system");
        }

        SignIn(user.Id, user.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("tbody tr").Count));
        Assert.Contains("1-10 of 26", page.Markup);
        Assert.Equal("28 credits", page.Find("[data-testid=balance]").TextContent.Trim());
    }

    [Fact]
    public async Task AnotherUsersLedgerNeverAppears()
    {
        var ann = await App.AddUserAsync("ann@example.com");
        var bob = await App.AddUserAsync("bob@example.com");
        await Ledger.OpenAccountAsync(bob.Id);
        await Ledger.GrantAsync(bob.Id, 5, CreditReason.AdminGrant, "bob-bonus", "admin", "bob's secret bonus");
        SignIn(ann.Id, ann.Email!);

        var page = Render<Credits>();

        page.WaitForAssertion(() => Assert.Contains("No credit activity yet.", page.Markup));
        Assert.DoesNotContain("bob's secret bonus", page.Markup);
        Assert.Equal("0 credits", page.Find("[data-testid=balance]").TextContent.Trim());
    }
}
