using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Export;
using Coloring.Domain.Payments;
using Coloring.Tests.Domain.Export;
using Coloring.Tests.Support;
using Coloring.Tests.Web.Accounts;
using Coloring.Web.RateLimits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Web.Payments;

public sealed class StripePaymentsOnSqliteTests() : StripePaymentsTests(DatabaseProvider.Sqlite);

public sealed class StripePaymentsOnPostgresTests() : StripePaymentsTests(DatabaseProvider.Postgres);

/// <summary>
/// Buying a pack through the app against a fake Stripe on loopback: checkout through Stripe.net, webhooks signed with
/// Stripe's scheme and verified for real, on a real database.
/// </summary>
public abstract class StripePaymentsTests(DatabaseProvider provider) : AppTest(provider)
{
    private FakeStripe? _stripe;

    private FakeStripe Stripe => _stripe ??= new FakeStripe(Clock);

    protected override IReadOnlyDictionary<string, string?> Settings => Stripe.Settings;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    [Fact]
    public async Task ACheckoutCarriesThePackThePersonAndTheirOneStripeCustomerAndThePaymentGrantsThePack()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        var url = await CheckoutAsync(browser, "pack-10");
        var second = await CheckoutAsync(browser, "pack-30");

        var sessions = Stripe.Requests.Where(r => r.Path == "/v1/checkout/sessions").ToList();
        Assert.Single(Stripe.Requests, r => r.Path == "/v1/customers"); // made once, stored, reused
        Assert.Equal(2, sessions.Count);
        var first = sessions[0].Form;
        Assert.Equal("payment", first["mode"]);
        Assert.Equal(sessions[1].Form["customer"], first["customer"]);
        Assert.Equal(userId.ToString(), first["client_reference_id"]);
        Assert.Equal(userId.ToString(), first["metadata[user_id]"]);
        Assert.Equal("pack-10", first["metadata[pack]"]);
        Assert.Equal("499", first["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("eur", first["line_items[0][price_data][currency]"]);
        Assert.StartsWith("https://coloring.test/credits/bought?session_id={CHECKOUT_SESSION_ID}", first["success_url"]);
        Assert.StartsWith("checkout-", sessions[0].IdempotencyKey);
        Assert.NotEqual(sessions[0].IdempotencyKey, sessions[1].IdempotencyKey); // a key per click
        Assert.NotEqual(url, second);

        var sessionId = sessions[0].Response["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Stripe.DeliverAsync(Paid(sessionId), to: App.CreateClient())).StatusCode);

        Assert.Equal(13, await Get<CreditLedger>().GetBalanceAsync(userId));
        var payment = await PaymentAsync(sessionId);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(10, payment.Credits);
        Assert.NotNull(payment.PaymentIntentId);
        var grant = await OnlyEventAsync(userId, CreditReason.Purchase);
        Assert.Equal(10, grant.Delta);
        Assert.Equal($"purchase:{sessionId}", grant.IdempotencyKey);
        Assert.Contains("4.99 EUR", grant.Note);
        Assert.Single(await AuditAsync("payment.purchase"));
        Assert.Equal(PaymentStatus.Open, (await PaymentAsync(sessions[1].Response["id"]!.GetValue<string>())).Status);
    }

    [Fact]
    public async Task TwentySimultaneousDeliveriesOfOneEventGrantOnce()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var payload = Paid(Stripe.LastSessionId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Stripe.DeliverAsync(payload, to: App.CreateClient()))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(13, await Get<CreditLedger>().GetBalanceAsync(userId));
        await OnlyEventAsync(userId, CreditReason.Purchase);
        Assert.Single(await AuditAsync("payment.purchase"));
        Assert.Empty(await Get<CreditLedger>().FindUnbalancedAccountsAsync());
    }

    [Fact]
    public async Task AReplayADayLaterAnswers200AndChangesNothing()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var payload = Paid(Stripe.LastSessionId);
        await Stripe.DeliverAsync(payload, to: App.CreateClient());
        var paidAt = (await PaymentAsync(Stripe.LastSessionId)).PaidAt;

        Clock.Advance(TimeSpan.FromDays(1));
        var replay = await Stripe.DeliverAsync(payload, to: App.CreateClient()); // Stripe signs each retry afresh

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(13, await Get<CreditLedger>().GetBalanceAsync(userId));
        await OnlyEventAsync(userId, CreditReason.Purchase);
        Assert.Equal(paidAt, (await PaymentAsync(Stripe.LastSessionId)).PaidAt);
    }

    [Fact]
    public async Task AForgedStaleMissingOrMalformedDeliveryGets400AndNothingHappens()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var payload = Paid(Stripe.LastSessionId);
        var app = App.CreateClient();

        var forged = await Stripe.DeliverAsync(payload, Stripe.Sign(payload, secret: "whsec_someone_else"), app);
        var stale = await Stripe.DeliverAsync(payload, Stripe.Sign(payload, Clock.GetUtcNow().AddMinutes(-6)), app);
        var tampered = await Stripe.DeliverAsync(payload.Replace("\"pack-10\"", "\"pack-100\""), Stripe.Sign(payload), app);
        var unsigned = await app.PostAsync(FakeStripe.WebhookPath, new StringContent(payload));
        var garbage = await Stripe.DeliverAsync("{\"id\": \"evt_1\", \"object\": ", to: app);
        var notJson = await Stripe.DeliverAsync("\u202Eevt\0", to: app);
        var empty = await Stripe.DeliverAsync("", to: app);
        var header = await Stripe.DeliverAsync(payload, "t=,v1=", app);
        var huge = await Stripe.DeliverAsync(new string('x', 600_000), to: app);

        Assert.All([forged, stale, tampered, unsigned, garbage, notJson, empty, header, huge], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(PaymentStatus.Open, (await PaymentAsync(Stripe.LastSessionId)).Status);
        Assert.Empty(await AuditAsync("payment"));
    }

    [Fact]
    public async Task ASignatureFourMinutesOldIsStillTaken()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var payload = Paid(Stripe.LastSessionId);

        var late = await Stripe.DeliverAsync(payload, Stripe.Sign(payload, Clock.GetUtcNow().AddMinutes(-4)), App.CreateClient());

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(13, await Get<CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task AnUnknownPackInTheMetadataGrantsNothingAndIsRecordedForTheAdmin()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = Stripe.Pay(Stripe.LastSessionId);
        session["metadata"]!["pack"] = "pack-1000000";

        var answer = await Stripe.DeliverAsync(Stripe.Event("checkout.session.completed", session), to: App.CreateClient());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // a 4xx would only make Stripe retry for days
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        var payment = await PaymentAsync(Stripe.LastSessionId);
        Assert.Equal(PaymentStatus.Mismatched, payment.Status);
        Assert.Contains("pack-1000000", payment.Problem);
        Assert.Single(await AuditAsync("payment.problem"));
        Assert.Equal(1, (await Get<CreditPurchases>().ListAllAsync(0, 10, problemsOnly: true)).Total);
    }

    [Theory]
    [InlineData(100, "eur")]
    [InlineData(499, "usd")]
    [InlineData(0, "eur")]
    public async Task AnAmountOrCurrencyThatIsNotThePacksGrantsNothingAndIsRecordedForTheAdmin(long amount, string currency)
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = Stripe.Pay(Stripe.LastSessionId);
        session["amount_total"] = amount;
        session["currency"] = currency;

        var answer = await Stripe.DeliverAsync(Stripe.Event("checkout.session.completed", session), to: App.CreateClient());
        await Stripe.DeliverAsync(Paid(Stripe.LastSessionId), to: App.CreateClient()); // a right one after does not undo the check

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        var payment = await PaymentAsync(Stripe.LastSessionId);
        Assert.Equal(PaymentStatus.Mismatched, payment.Status);
        Assert.Contains("the pack costs 4.99 EUR", payment.Problem);
        Assert.Empty(await Db().CreditEvents.Where(e => e.Reason == CreditReason.Purchase).ToListAsync());
    }

    [Fact]
    public async Task ASessionNotYetPaidGrantsNothing()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");

        var answer = await Stripe.DeliverAsync(Stripe.Event("checkout.session.completed", Stripe.Session(Stripe.LastSessionId)), to: App.CreateClient());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
    }

    [Fact]
    public async Task ARefundAfterSomeCreditsWereSpentTakesBackWhatIsLeftAndRecordsTheRest()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = await PayAsync();
        var ledger = Get<CreditLedger>();
        for (var i = 0; i < 11; i++)
        {
            Assert.Equal(LedgerResult.Applied, await App.Services.ChargeForPageAsync(userId));
        }

        var refund = Stripe.Event("charge.refunded", Stripe.Charge(session));
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Stripe.DeliverAsync(refund, to: App.CreateClient())));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(0, await ledger.GetBalanceAsync(userId));
        var payment = await PaymentAsync(Stripe.LastSessionId);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(2, payment.CreditsTakenBack);
        Assert.Equal(8, payment.CreditsNotTakenBack);
        Assert.Equal(-2, (await OnlyEventAsync(userId, CreditReason.PurchaseReversal)).Delta);
        Assert.Contains("8 were already spent", Assert.Single(await AuditAsync("payment.refund")).Details);
        Assert.Empty(await ledger.FindUnbalancedAccountsAsync());
        Assert.False(await Get<CreditPurchases>().IsBuyerAsync(userId));
    }

    [Fact]
    public async Task ARefundWithNothingLeftTakesNothingAndNeverGoesBelowZero()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = await PayAsync();
        await Get<CreditLedger>().GrantAsync(userId, -13, CreditReason.AdminGrant, "all-gone", "test");

        await Stripe.DeliverAsync(Stripe.Event("charge.refunded", Stripe.Charge(session)), to: App.CreateClient());

        Assert.Equal(0, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(10, (await PaymentAsync(Stripe.LastSessionId)).CreditsNotTakenBack);
    }

    [Fact]
    public async Task APartialRefundTakesBackItsShareOfTheCredits()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = await PayAsync();

        await Stripe.DeliverAsync(Stripe.Event("charge.refunded", Stripe.Charge(session, refunded: 250)), to: App.CreateClient());

        Assert.Equal(13 - 6, await Get<CreditLedger>().GetBalanceAsync(userId)); // 2.50 of 4.99 is 5.01 credits: rounded up
    }

    [Fact]
    public async Task ADisputeTakesThePacksCreditsBackOnceAndALaterRefundTakesNothingMore()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        var session = await PayAsync();

        var dispute = await Stripe.DeliverAsync(Stripe.Event("charge.dispute.created", Stripe.Dispute(session)), to: App.CreateClient());
        await Stripe.DeliverAsync(Stripe.Event("charge.dispute.created", Stripe.Dispute(session)), to: App.CreateClient());
        await Stripe.DeliverAsync(Stripe.Event("charge.refunded", Stripe.Charge(session)), to: App.CreateClient());

        Assert.Equal(HttpStatusCode.OK, dispute.StatusCode);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        var payment = await PaymentAsync(Stripe.LastSessionId);
        Assert.Equal(PaymentStatus.Disputed, payment.Status);
        Assert.Equal(10, payment.CreditsTakenBack);
        Assert.Single(await AuditAsync("payment.dispute"));
        Assert.Empty(await AuditAsync("payment.refund"));
    }

    [Fact]
    public async Task AnAdminsRefundAsksStripeOnceAndTheCreditsGoWhenStripeConfirmsIt()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        var admin = await App.Services.AddAdminAsync();
        await CheckoutAsync(browser, "pack-10");
        await PayAsync();
        var paymentId = (await PaymentAsync(Stripe.LastSessionId)).Id;
        Stripe.Webhooks = App.CreateClient();
        Stripe.WebhookDelay = TimeSpan.FromSeconds(2); // the second press comes before Stripe's confirmation
        var purchases = Get<CreditPurchases>();

        var noReason = await purchases.RefundAsync(admin.Id, paymentId, "  ");
        var notAdmin = await purchases.RefundAsync(userId, paymentId, "asked by mail");
        var first = await purchases.RefundAsync(admin.Id, paymentId, "asked by mail");
        var twice = await purchases.RefundAsync(admin.Id, paymentId, "asked by mail");

        Assert.Equal(Coloring.Domain.Admin.AdminOutcome.Invalid, noReason.Outcome);
        Assert.Equal(Coloring.Domain.Admin.AdminOutcome.NotFound, notAdmin.Outcome);
        Assert.True(first.Succeeded, first.Message);
        Assert.True(twice.Succeeded, twice.Message);
        var refunds = Stripe.Requests.Where(r => r.Path == "/v1/refunds").ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Single(refunds.Select(r => r.IdempotencyKey).Distinct()); // one refund at Stripe
        Assert.Equal((await PaymentAsync(Stripe.LastSessionId)).PaymentIntentId, refunds[0].Form["payment_intent"]);
        await WaitForAsync(async () => (await PaymentAsync(Stripe.LastSessionId)).Status == PaymentStatus.Refunded);
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Equal(2, (await AuditAsync("payment.refund-asked")).Count);
        Assert.Equal(Coloring.Domain.Admin.AdminOutcome.Conflict, (await purchases.RefundAsync(admin.Id, paymentId, "again")).Outcome);
    }

    [Fact]
    public async Task UnknownEventsAndRefundsOfUnknownPaymentsAnswer200()
    {
        var app = App.CreateClient();

        var unknown = await Stripe.DeliverAsync(Stripe.Event("customer.created", new JsonObject { ["id"] = "cus_1", ["object"] = "customer" }), to: app);
        var stranger = await Stripe.DeliverAsync(Stripe.Event("charge.refunded", new JsonObject
        {
            ["id"] = "ch_1", ["object"] = "charge", ["amount"] = 100, ["amount_refunded"] = 100, ["payment_intent"] = "pi_nobody", ["refunded"] = true,
        }), to: app);

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        Assert.Empty(await Db().Payments.ToListAsync());
    }

    [Fact]
    public async Task APaymentForADeletedPersonIsRecordedAndAnswered200WithNoGrant()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await CheckoutAsync(browser, "pack-10");
        await Get<AccountDeletion>().DeleteAsync(userId);

        var answer = await Stripe.DeliverAsync(Paid(Stripe.LastSessionId), to: App.CreateClient());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var payment = await PaymentAsync(Stripe.LastSessionId);
        Assert.Null(payment.UserId);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Contains("no longer exists", payment.Problem);
        Assert.Empty(await Db().CreditEvents.Where(e => e.Reason == CreditReason.Purchase).ToListAsync());
    }

    [Fact]
    public async Task AnEventForASessionTheAppNeverRecordedStillGrantsOnceFromItsMetadata()
    {
        var (_, userId) = await BrowserAsync("ann@example.com");
        var session = new JsonObject
        {
            ["id"] = "cs_test_lost", ["object"] = "checkout.session", ["client_reference_id"] = userId.ToString(),
            ["metadata"] = new JsonObject { ["user_id"] = userId.ToString(), ["pack"] = "pack-30" },
            ["amount_total"] = 1199, ["currency"] = "eur", ["payment_status"] = "paid", ["payment_intent"] = "pi_lost",
        };

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Stripe.DeliverAsync(Stripe.Event("checkout.session.completed", session), to: App.CreateClient())));

        Assert.Equal(33, await Get<CreditLedger>().GetBalanceAsync(userId));
        Assert.Single(await Db().Payments.ToListAsync());
    }

    [Fact]
    public async Task BuyingWhileSignedOutAsksForSignInFirstAndTouchesNoStripe()
    {
        var anonymous = App.CreateBrowser();

        var page = await anonymous.GetAsync("/credits");
        var api = await anonymous.PostAsJsonAsync("/api/credits/checkout", new { pack = "pack-10" });

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location?.PathAndQueryOrOriginal());
        Assert.Contains("ReturnUrl=%2Fcredits", page.Headers.Location?.PathAndQueryOrOriginal(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Empty(Stripe.Requests);
    }

    [Fact]
    public async Task TheSuccessPageShowsOnlyTheBuyersOwnSessionAndGrantsNothing()
    {
        var (ann, annId) = await BrowserAsync("ann@example.com");
        var (bob, _) = await BrowserAsync("bob@example.com");
        await CheckoutAsync(ann, "pack-10");
        var path = $"/credits/bought?session_id={Stripe.LastSessionId}";

        var own = await ann.GetAsync(path);
        var others = await bob.GetAsync(path);
        var unknown = await ann.GetAsync("/credits/bought?session_id=cs_test_nobody");
        var none = await ann.GetAsync("/credits/bought");
        var huge = await ann.GetAsync($"/credits/bought?session_id={new string('a', 5000)}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("confirming your payment", await own.Content.ReadAsStringAsync());
        Assert.All([others, unknown, none, huge], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(3, await Get<CreditLedger>().GetBalanceAsync(annId));
    }

    [Fact]
    public async Task AnUnknownPackOrAnEmptyBodyIsRefusedBeforeStripeIsAsked()
    {
        var (browser, _) = await BrowserAsync("ann@example.com");

        var unknown = await browser.PostAsJsonAsync("/api/credits/checkout", new { pack = "pack-1\u0000" });
        var none = await browser.PostAsJsonAsync("/api/credits/checkout", new { });
        var packs = await browser.GetFromJsonAsync<JsonElement>("/api/credits/packs");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(["pack-10", "pack-30", "pack-100"], packs.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Empty(Stripe.Requests);
    }

    [Fact]
    public async Task TheHostedCheckoutPageSendsTheBrowserBackAndTheWebhookGrantsLive()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        var url = await CheckoutAsync(browser, "pack-10");
        Stripe.Webhooks = App.CreateClient();
        var balances = new List<int>();
        var arrived = new TaskCompletionSource();
        using var watch = Get<CreditLedger>().WatchBalance(userId, balance =>
        {
            lock (balances)
            {
                balances.Add(balance);
            }

            if (balance == 13)
            {
                arrived.TrySetResult();
            }

            return Task.CompletedTask;
        });

        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var hosted = await outside.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, hosted.StatusCode);
        Assert.Equal($"https://coloring.test/credits/bought?session_id={Stripe.LastSessionId}", hosted.Headers.Location!.ToString());
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PaymentStatus.Paid, (await PaymentAsync(Stripe.LastSessionId)).Status);
    }

    [Fact]
    public async Task AfterAPurchaseThePersonHasTheBuyersLimitsAndTheFreeTierMarkLeavesTheirPdfs()
    {
        var (browser, userId) = await BrowserAsync("ann@example.com");
        await Get<CreditLedger>().GrantAsync(userId, -3, CreditReason.AdminGrant, "spent", "test");
        var job = await App.Services.FinishedJobAsync(userId, ExportPages.Lines(1));
        var before = await Get<PdfExports>().ExportAsync(userId, new PdfExportRequest([job.Id]));
        Assert.False((await Get<ActionLimiter>().LimitsForAsync(userId)).Buyer);

        await CheckoutAsync(browser, "pack-10");
        await PayAsync();

        var after = await Get<PdfExports>().ExportAsync(userId, new PdfExportRequest([job.Id]));
        Assert.True(before.Watermarked);
        Assert.False(after.Watermarked);
        using var pdf = ExportPages.Read(after);
        Assert.DoesNotContain(PdfExporter.WatermarkText, pdf.GetPage(1).Text);
        var limits = await Get<ActionLimiter>().LimitsForAsync(userId);
        Assert.True(limits.Buyer);
        Assert.Equal(60, limits.Generations.PermitLimit);
        Assert.Equal(60, limits.Uploads.PermitLimit);
    }

    private async Task<string> CheckoutAsync(HttpClient browser, string pack)
    {
        var answer = await browser.PostAsJsonAsync("/api/credits/checkout", new { pack });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    private string Paid(string sessionId) => Stripe.Event("checkout.session.completed", Stripe.Pay(sessionId));

    private async Task<JsonObject> PayAsync()
    {
        var session = Stripe.Pay(Stripe.LastSessionId);
        Assert.Equal(HttpStatusCode.OK, (await Stripe.DeliverAsync(Stripe.Event("checkout.session.completed", session), to: App.CreateClient())).StatusCode);
        return session;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The webhook did not arrive in 30 seconds.");
            await Task.Delay(100);
        }
    }

    private ColoringDbContext Db() => App.Services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContext();

    private async Task<Payment> PaymentAsync(string sessionId)
    {
        await using var db = Db();
        return await db.Payments.SingleAsync(p => p.CheckoutSessionId == sessionId);
    }

    private async Task<CreditEvent> OnlyEventAsync(Guid userId, CreditReason reason)
    {
        await using var db = Db();
        return Assert.Single(await db.CreditEvents.Where(e => e.UserId == userId && e.Reason == reason).ToListAsync());
    }

    private async Task<List<Coloring.Domain.Admin.AuditEntry>> AuditAsync(string action)
    {
        await using var db = Db();
        return await db.AuditLog.Where(e => e.Action == action || e.Action.StartsWith(action + ".")).ToListAsync();
    }
}
