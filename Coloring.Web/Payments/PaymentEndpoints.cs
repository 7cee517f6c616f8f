using System.Text;
using Coloring.Domain.Payments;
using Coloring.Web.Accounts;
using Coloring.Web.Api;
using Coloring.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Coloring.Web.Payments;

/// <summary>Where to send a person to buy credits, and where Stripe sends them back.</summary>
public static class CheckoutLinks
{
    /// <summary>The Credits page, where the packs are.</summary>
    public const string BuyPage = "/credits";

    /// <summary>The success URL under <paramref name="baseUri"/>, with Stripe's session-id placeholder.</summary>
    public static string Success(string baseUri) => $"{baseUri.TrimEnd('/')}/credits/bought?session_id={CreditPurchases.SessionIdPlaceholder}";

    public static string Cancel(string baseUri) => $"{baseUri.TrimEnd('/')}/credits?canceled=1";
}

/// <summary>The answer to a checkout asked for through the API: send the browser to <paramref name="Url"/>.</summary>
public sealed record CheckoutView(string Url);

/// <summary>Which pack to buy.</summary>
public sealed record CheckoutRequest(string? Pack);

/// <summary>A pack on sale, for scripts.</summary>
/// <param name="Id">What to send as <c>pack</c> to <c>POST /api/credits/checkout</c>.</param>
/// <param name="Credits">The credits it gives.</param>
/// <param name="Price">In the currency's minor units (499 is 4.99).</param>
/// <param name="Currency">ISO 4217, lower case.</param>
public sealed record PackView(string Id, int Credits, long Price, string Currency);

public static class PaymentEndpoints
{
    /// <summary>Stripe's events are small; anything far larger is not one.</summary>
    private const int MaxWebhookBytes = 512 * 1024;

    /// <summary>The Stripe webhook (anonymous, verified by its signature) and the API's checkout.</summary>
    public static void MapPayments(this WebApplication app)
    {
        app.MapPost("/api/payments/stripe/webhook", ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

        var api = app.MapGroup("/api/credits").RequireAuthorization().DisableCookieRedirect().WithTags("Credits");
        api.MapGet("/packs", (CreditPurchases purchases) => TypedResults.Ok(purchases.BuyingEnabled
                ? purchases.Packs.Select(p => new PackView(p.Id, p.Credits, p.Price, p.Currency)).ToList()
                : []))
            .WithSummary("The credit packs on sale (empty when buying is off)");
        api.MapPost("/checkout", CheckoutAsync)
            .AddEndpointFilter<CrossSiteFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Start buying a pack")
            .WithDescription("Answers the Stripe Checkout page to open in a browser. The credits arrive once Stripe confirms the payment.");
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, StripeWebhooks webhooks)
    {
        // The signature covers the exact bytes Stripe sent, so the body is read raw, once, before anything parses it.
        var body = await ReadLimitedAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return Results.BadRequest();
        }

        var outcome = await webhooks.HandleAsync(body, http.Request.Headers["Stripe-Signature"].ToString(), http.RequestAborted);
        return outcome == WebhookOutcome.Accepted ? Results.Ok() : Results.BadRequest();
    }

    private static async Task<string?> ReadLimitedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxWebhookBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxWebhookBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static async Task<Results<Ok<CheckoutView>, ProblemHttpResult, ValidationProblem>> CheckoutAsync(
        CheckoutRequest? request, HttpContext http, CreditPurchases purchases, IOptions<AppOptions> app)
    {
        var baseUri = app.Value.BaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host}";
        var start = await purchases.StartCheckoutAsync(http.User.GetUserId(), request?.Pack, Guid.NewGuid(),
            CheckoutLinks.Success(baseUri), CheckoutLinks.Cancel(baseUri), http.RequestAborted);
        return start.Outcome switch
        {
            CheckoutOutcome.Started => TypedResults.Ok(new CheckoutView(start.Url!)),
            CheckoutOutcome.UnknownPack => ApiProblems.Invalid("pack", "There is no such pack; GET /api/credits/packs lists them."),
            CheckoutOutcome.BuyingOff => TypedResults.Problem(detail: "Buying credits is not set up on this site.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Buying is off"),
            CheckoutOutcome.NoAccount => ApiProblems.NotFound("Your account no longer exists."),
            _ => TypedResults.Problem(detail: "The payment service did not answer. Nothing was charged; try again in a moment.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Payment service unavailable"),
        };
    }
}
