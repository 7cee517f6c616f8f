using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coloring.Tests.Support;

/// <summary>
/// A small Stripe on loopback, over real HTTP, for the calls Coloring makes: it creates Customers and Checkout
/// Sessions (form-encoded, like Stripe; the <c>Idempotency-Key</c> header gives back the first answer), records
/// every request, serves a hosted "checkout page" that marks the session paid, redirects to the success URL and
/// then delivers <c>checkout.session.completed</c>, and signs events with Stripe's scheme
/// (<c>t=…,v1=HMAC-SHA256(secret, "t.payload")</c>) at the given clock's time. Compiled into both test projects.
/// </summary>
public sealed class FakeStripe : IAsyncDisposable
{
    public const string SecretKey = "sk_test_coloring";

    public const string WebhookSecret = "whsec_coloring_test";

    public const string WebhookPath = "/api/payments/stripe/webhook";

    private readonly WebApplication _server;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new();
    private readonly ConcurrentDictionary<string, string> _idempotent = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _ids;

    public FakeStripe(TimeProvider clock)
    {
        _clock = clock;
        var port = FreePort.Next();
        BaseUrl = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseUrl);
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/customers", context => AnswerAsync(context, CreateCustomer));
        _server.MapPost("/v1/checkout/sessions", context => AnswerAsync(context, CreateSession));
        _server.MapPost("/v1/refunds", context => AnswerAsync(context, CreateRefund));
        _server.MapGet("/pay/{id}", PayPageAsync);
        _server.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>Where the fake listens; give it to the app as <c>Payments:Stripe:ApiBase</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Where the hosted checkout page delivers its webhook: the app's client (an in-memory app) or a real address.</summary>
    public HttpClient? Webhooks { get; set; }

    /// <summary>How long after the redirect back the hosted page's webhook arrives (Stripe's own takes a moment too).</summary>
    public TimeSpan WebhookDelay { get; set; } = TimeSpan.FromMilliseconds(700);

    /// <summary>Every API request the app made, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>The settings that point the app at this fake.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Payments:Stripe:SecretKey"] = SecretKey,
        ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
        ["Payments:Stripe:ApiBase"] = BaseUrl,
    };

    /// <summary>The session as Stripe would send it in an event.</summary>
    public JsonObject Session(string id) => (JsonObject)_sessions[id].DeepClone();

    /// <summary>The id of the most recent session.</summary>
    public string LastSessionId => Requests.Last(r => r.Path == "/v1/checkout/sessions").Response["id"]!.GetValue<string>();

    /// <summary>Marks the session paid, as the hosted page does when the card goes through.</summary>
    public JsonObject Pay(string sessionId)
    {
        var session = _sessions[sessionId];
        lock (session)
        {
            session["payment_status"] = "paid";
            session["status"] = "complete";
            session["payment_intent"] ??= $"pi_{Next()}";
        }

        return Session(sessionId);
    }

    /// <summary>An event of <paramref name="type"/> around <paramref name="data"/>, as Stripe writes it (with the API version Stripe.net expects).</summary>
    public string Event(string type, JsonObject data, string? id = null) => new JsonObject
    {
        ["id"] = id ?? $"evt_{Next()}",
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = _clock.GetUtcNow().ToUnixTimeSeconds(),
        ["type"] = type,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["data"] = new JsonObject { ["object"] = data.DeepClone() },
    }.ToJsonString();

    /// <summary>A charge for the session's payment, refunded by <paramref name="refunded"/> minor units (all of it when null).</summary>
    public JsonObject Charge(JsonObject session, long? refunded = null) => new()
    {
        ["id"] = $"ch_{Next()}",
        ["object"] = "charge",
        ["amount"] = session["amount_total"]!.GetValue<long>(),
        ["amount_refunded"] = refunded ?? session["amount_total"]!.GetValue<long>(),
        ["currency"] = session["currency"]!.GetValue<string>(),
        ["payment_intent"] = session["payment_intent"]!.GetValue<string>(),
        ["refunded"] = refunded is null || refunded == session["amount_total"]!.GetValue<long>(),
        ["status"] = "succeeded",
    };

    /// <summary>A dispute opened on the session's payment.</summary>
    public JsonObject Dispute(JsonObject session) => new()
    {
        ["id"] = $"dp_{Next()}",
        ["object"] = "dispute",
        ["amount"] = session["amount_total"]!.GetValue<long>(),
        ["currency"] = session["currency"]!.GetValue<string>(),
        ["charge"] = $"ch_{Next()}",
        ["payment_intent"] = session["payment_intent"]!.GetValue<string>(),
        ["reason"] = "fraudulent",
        ["status"] = "needs_response",
    };

    /// <summary>The <c>Stripe-Signature</c> header for <paramref name="payload"/>, signed at <paramref name="at"/> (now by the clock) with <paramref name="secret"/>.</summary>
    public string Sign(string payload, DateTimeOffset? at = null, string secret = WebhookSecret)
    {
        var timestamp = (at ?? _clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Delivers <paramref name="payload"/> to the app with <paramref name="signature"/> (a correct one when null).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null, HttpClient? to = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload));
        return await (to ?? Webhooks ?? throw new InvalidOperationException("No webhook target.")).SendAsync(request);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task AnswerAsync(HttpContext context, Func<IFormCollection, JsonObject> create)
    {
        var form = await context.Request.ReadFormAsync();
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var authorized = context.Request.Headers.Authorization.ToString() == $"Bearer {SecretKey}";
        string body;
        if (!authorized)
        {
            context.Response.StatusCode = 401;
            body = """{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}""";
        }
        else
        {
            body = key.Length > 0
                ? _idempotent.GetOrAdd($"{context.Request.Path}|{key}", _ => create(form).ToJsonString())
                : create(form).ToJsonString();
        }

        _requests.Enqueue(new RecordedRequest(context.Request.Path, key, form.ToDictionary(f => f.Key, f => f.Value.ToString()), JsonNode.Parse(body)!.AsObject()));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private JsonObject CreateCustomer(IFormCollection form) => new()
    {
        ["id"] = $"cus_{Next()}",
        ["object"] = "customer",
        ["email"] = form["email"].ToString(),
        ["metadata"] = Metadata(form, "metadata"),
    };

    private JsonObject CreateSession(IFormCollection form)
    {
        var id = $"cs_test_{Next()}";
        var amount = long.Parse(form["line_items[0][price_data][unit_amount]"].ToString(), CultureInfo.InvariantCulture)
            * long.Parse(form["line_items[0][quantity]"].ToString(), CultureInfo.InvariantCulture);
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["mode"] = form["mode"].ToString(),
            ["customer"] = form["customer"].ToString(),
            ["client_reference_id"] = form["client_reference_id"].ToString(),
            ["metadata"] = Metadata(form, "metadata"),
            ["amount_total"] = amount,
            ["currency"] = form["line_items[0][price_data][currency]"].ToString(),
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["payment_intent"] = null,
            ["success_url"] = form["success_url"].ToString(),
            ["cancel_url"] = form["cancel_url"].ToString(),
            ["url"] = $"{BaseUrl}/pay/{id}",
        };
        _sessions[id] = session;
        return (JsonObject)session.DeepClone();
    }

    // A full refund of the session paid with this payment intent; Stripe then sends charge.refunded.
    private JsonObject CreateRefund(IFormCollection form)
    {
        var intent = form["payment_intent"].ToString();
        var session = _sessions.Values.Select(s => (JsonObject)s.DeepClone()).First(s => s["payment_intent"]?.GetValue<string>() == intent);
        _ = Task.Run(async () =>
        {
            await Task.Delay(WebhookDelay);
            using var _ = await DeliverAsync(Event("charge.refunded", Charge(session)));
        });
        return new JsonObject
        {
            ["id"] = $"re_{Next()}",
            ["object"] = "refund",
            ["amount"] = session["amount_total"]!.GetValue<long>(),
            ["currency"] = session["currency"]!.GetValue<string>(),
            ["payment_intent"] = intent,
            ["status"] = "succeeded",
        };
    }

    // The hosted page: pays, sends the browser back to the success URL, then Stripe's webhook follows a moment later.
    private IResult PayPageAsync(string id)
    {
        if (!_sessions.ContainsKey(id))
        {
            return Results.NotFound();
        }

        var paid = Pay(id);
        var back = paid["success_url"]!.GetValue<string>().Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal);
        _ = Task.Run(async () =>
        {
            await Task.Delay(WebhookDelay);
            using var _ = await DeliverAsync(Event("checkout.session.completed", paid));
        });
        return Results.Redirect(back);
    }

    private static JsonObject Metadata(IFormCollection form, string prefix)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith(prefix + "[", StringComparison.Ordinal)))
        {
            metadata[key[(prefix.Length + 1)..^1]] = value.ToString();
        }

        return metadata;
    }

    private string Next() => Interlocked.Increment(ref _ids).ToString("D6", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];
}

/// <summary>One API call the app made to the fake Stripe.</summary>
public sealed record RecordedRequest(string Path, string IdempotencyKey, IReadOnlyDictionary<string, string> Form, JsonObject Response);
