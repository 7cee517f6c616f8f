using System.Net;
using Coloring.Tests.Support;

namespace Coloring.Tests.Web.Payments;

/// <summary>The payment settings at start: a key needs its webhook secret; no key means buying is off and everything else works.</summary>
public sealed class PaymentSettingsTests : StartedAppTest
{
    [Fact]
    public async Task AKeyWithoutAWebhookSecretStopsTheAppNamingTheMissingSetting()
    {
        await using var app = StartApp(new Dictionary<string, string?> { ["Payments:Stripe:SecretKey"] = "sk_test_x", ["Payments:Stripe:WebhookSecret"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Payments:Stripe:WebhookSecret", error.ToString());
    }

    [Theory]
    [InlineData("Payments:Packs:0:Price", "0")]
    [InlineData("Payments:Packs:0:Currency", "EURO")]
    [InlineData("Payments:Packs:1:Id", "pack-10")]
    [InlineData("Payments:Stripe:ApiBase", "not a url")]
    public async Task APackThatCannotBeSoldStopsTheAppNamingIt(string key, string value)
    {
        await using var app = StartApp(new Dictionary<string, string?>
        {
            ["Payments:Stripe:SecretKey"] = "sk_test_x",
            ["Payments:Stripe:WebhookSecret"] = "whsec_x",
            [key] = value,
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key[..key.LastIndexOf(':')].Replace(":0", "").Replace(":1", ""), error.ToString());
    }

    [Fact]
    public async Task WithoutAKeyBuyingIsOffTheWebhookRefusesEverythingAndTheRestWorks()
    {
        await using var app = StartApp();
        var client = app.CreateClient();

        var webhook = await client.PostAsync(FakeStripe.WebhookPath, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.BadRequest, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.False(app.Services.GetService(typeof(Coloring.Domain.Payments.CreditPurchases)) is Coloring.Domain.Payments.CreditPurchases { BuyingEnabled: true });
    }
}
