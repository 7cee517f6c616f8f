using Coloring.Domain.Data;
using Coloring.Tests.Support;

namespace Coloring.Tests.Components;

public sealed class HomePageWithBuyingOnTests() : AppTest(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Stripe:SecretKey"] = "sk_test_home",
        ["Payments:Stripe:WebhookSecret"] = "whsec_home",
        ["Payments:Packs:0:Id"] = "pack-7",
        ["Payments:Packs:0:Credits"] = "7",
        ["Payments:Packs:0:Price"] = "350",
        ["Payments:Packs:0:Currency"] = "eur",
        ["Payments:Packs:1:Id"] = "pack-40",
        ["Payments:Packs:1:Credits"] = "40",
        ["Payments:Packs:1:Price"] = "1600",
        ["Payments:Packs:1:Currency"] = "eur",
    };

    [Fact]
    public async Task ThePricingShowsTheConfiguredPacksWithTheirPricePerPage()
    {
        var html = await App.CreateBrowser().GetStringAsync("/");

        Assert.Contains("7 credits", html);
        Assert.Contains("3.50 EUR", html);
        Assert.Contains("0.50 EUR a page", html);
        Assert.Contains("40 credits", html);
        Assert.Contains("16.00 EUR", html);
        Assert.Contains("0.40 EUR a page", html);
        Assert.DoesNotContain("does not sell credits", html);
    }
}

public sealed class HomePageTests() : AppTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task WithBuyingOffThePricingSaysSoAndListsNoPacks()
    {
        var html = await App.CreateBrowser().GetStringAsync("/");

        Assert.Contains("does not sell credits", html);
        Assert.DoesNotContain("data-testid=\"pack\"", html);
    }

    [Fact]
    public async Task TheExamplesAreRealPhotosBesideThePagesMadeFromThem()
    {
        var browser = App.CreateBrowser();
        var html = await browser.GetStringAsync("/");

        foreach (var name in new[] { "kitten", "butterfly", "house" })
        {
            Assert.Contains($"img/examples/{name}-photo.jpg", html);
            Assert.Contains($"img/examples/{name}-page.png", html);
            var page = await browser.GetAsync($"/img/examples/{name}-page.png");
            Assert.Equal("image/png", page.Content.Headers.ContentType?.MediaType);
        }
    }
}
