namespace Coloring.Domain.Payments;

/// <summary>One credit pack on sale: <see cref="Credits"/> credits for <see cref="Price"/> minor units of <see cref="Currency"/>.</summary>
public sealed class CreditPack
{
    /// <summary>A short stable name, sent to Stripe in the session's metadata ("pack-10").</summary>
    public string Id { get; set; } = "";

    public int Credits { get; set; }

    /// <summary>The price in the currency's minor units (cents): 499 is 4.99.</summary>
    public long Price { get; set; }

    /// <summary>The ISO 4217 code in lower case, as Stripe writes it ("eur").</summary>
    public string Currency { get; set; } = "";
}

/// <summary>The Stripe account's keys, under <c>Payments:Stripe</c>.</summary>
public sealed class StripeSettings
{
    /// <summary>The secret API key (<c>sk_…</c>); without it buying is off.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>); required with a key.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Where the Stripe API is; only tests change it (a fake Stripe on loopback).</summary>
    public string? ApiBase { get; set; }
}

/// <summary>Settings under <c>Payments</c>: the Stripe keys and the packs on sale.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    public StripeSettings Stripe { get; set; } = new();

    public List<CreditPack> Packs { get; set; } = [];

    /// <summary>True when a secret key is set: the Credits page sells packs.</summary>
    public bool BuyingEnabled => !string.IsNullOrWhiteSpace(Stripe.SecretKey);

    /// <summary>The pack with this id, or null.</summary>
    public CreditPack? FindPack(string? id) => Packs.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    /// <summary>Why these settings cannot run, naming the setting to fix; null when they can.</summary>
    public string? Problem()
    {
        if (!BuyingEnabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Stripe.WebhookSecret))
        {
            return "Payments:Stripe:SecretKey is set but Payments:Stripe:WebhookSecret is missing: without it no payment could be confirmed. Set it to the webhook endpoint's signing secret (whsec_…).";
        }

        if (Stripe.ApiBase is { Length: > 0 } apiBase && !Uri.TryCreate(apiBase, UriKind.Absolute, out _))
        {
            return "Payments:Stripe:ApiBase must be an absolute URL.";
        }

        if (Packs.Count == 0)
        {
            return "Payments:Packs is empty: name at least one pack (Id, Credits, Price in minor units, Currency) to sell.";
        }

        foreach (var pack in Packs)
        {
            if (string.IsNullOrWhiteSpace(pack.Id) || pack.Id.Length > 40 || pack.Credits < 1 || pack.Price < 1
                || pack.Currency.Length != 3 || !pack.Currency.All(char.IsAsciiLetterLower))
            {
                return $"Payments:Packs entry '{pack.Id}' needs an Id (up to 40 characters), Credits and Price of at least 1, and a three-letter lower-case Currency.";
            }
        }

        return Packs.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() == Packs.Count
            ? null
            : "Payments:Packs has two packs with the same Id.";
    }
}

/// <summary>Stops the app at start when the payment settings cannot work, naming the setting to fix.</summary>
internal sealed class PaymentOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<PaymentOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PaymentOptions options) =>
        options.Problem() is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
