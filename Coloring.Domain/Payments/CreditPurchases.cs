using Coloring.Domain.Admin;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Coloring.Domain.Payments;

/// <summary>How starting a checkout ended.</summary>
public enum CheckoutOutcome
{
    /// <summary>A Stripe Checkout Session is ready; send the browser to its URL.</summary>
    Started,

    /// <summary>No Stripe key is configured: buying is off.</summary>
    BuyingOff,

    UnknownPack,

    /// <summary>The person's account is gone.</summary>
    NoAccount,

    /// <summary>Stripe did not answer or refused; nothing was written.</summary>
    StripeUnavailable,
}

/// <summary>The outcome of <see cref="CreditPurchases.StartCheckoutAsync"/>, with the hosted checkout's URL when started.</summary>
public sealed record CheckoutStart(CheckoutOutcome Outcome, string? Url = null);

/// <summary>A figure for the admin dashboard: money taken in one currency, in minor units.</summary>
public sealed record Revenue(string Currency, long Amount, int Purchases);

/// <summary>
/// Buying credit packs: starts Stripe Checkout for a person and a pack, and reads purchases back for the
/// person and for admins. It never grants credits; only a verified webhook does (<see cref="StripeWebhooks"/>).
/// </summary>
public sealed class CreditPurchases(
    IDbContextFactory<ColoringDbContext> dbFactory,
    AdminActions actions,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<CreditPurchases> logger)
{
    private readonly IStripeClient? stripe = options.Value.BuyingEnabled
        ? new StripeClient(apiKey: options.Value.Stripe.SecretKey, apiBase: string.IsNullOrEmpty(options.Value.Stripe.ApiBase) ? null : options.Value.Stripe.ApiBase)
        : null;

    /// <summary>The placeholder Stripe replaces with the session's id in the success URL.</summary>
    public const string SessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

    public bool BuyingEnabled => stripe is not null;

    public IReadOnlyList<CreditPack> Packs => options.Value.Packs;

    /// <summary>
    /// Makes a Stripe Checkout Session for <paramref name="packId"/> on the person's Stripe Customer (made once and
    /// stored) and records it as an open payment. <paramref name="clickId"/> is the idempotency key: the same click
    /// sent twice gets the same session. <paramref name="successUrl"/> should carry <see cref="SessionIdPlaceholder"/>.
    /// </summary>
    public async Task<CheckoutStart> StartCheckoutAsync(Guid userId, string? packId, Guid clickId, string successUrl, string cancelUrl, CancellationToken cancellationToken = default)
    {
        if (!BuyingEnabled)
        {
            return new CheckoutStart(CheckoutOutcome.BuyingOff);
        }

        if (options.Value.FindPack(packId) is not { } pack)
        {
            return new CheckoutStart(CheckoutOutcome.UnknownPack);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return new CheckoutStart(CheckoutOutcome.NoAccount);
        }

        Session session;
        string customerId;
        try
        {
            customerId = user.StripeCustomerId ?? await CreateCustomerAsync(db, userId, user.Email, cancellationToken);
            var metadata = new Dictionary<string, string> { [StripeWebhooks.UserKey] = userId.ToString(), [StripeWebhooks.PackKey] = pack.Id };
            session = await new SessionService(stripe).CreateAsync(new SessionCreateOptions
            {
                Mode = "payment",
                Customer = customerId,
                ClientReferenceId = userId.ToString(),
                Metadata = metadata,
                PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
                LineItems =
                [
                    new SessionLineItemOptions
                    {
                        Quantity = 1,
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = pack.Currency,
                            UnitAmount = pack.Price,
                            ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{pack.Credits} coloring page credits" },
                        },
                    },
                ],
                SuccessUrl = successUrl,
                CancelUrl = cancelUrl,
            }, new RequestOptions { IdempotencyKey = $"checkout-{clickId:N}" }, cancellationToken);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Stripe did not start a checkout for {UserId} ({Pack})", userId, pack.Id);
            return new CheckoutStart(CheckoutOutcome.StripeUnavailable);
        }

        db.Payments.Add(new Payment
        {
            Id = Guid.NewGuid(),
            CheckoutSessionId = session.Id,
            UserId = userId,
            PackId = pack.Id,
            Credits = pack.Credits,
            Amount = pack.Price,
            Currency = pack.Currency,
            Status = PaymentStatus.Open,
            StripeCustomerId = customerId,
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same click arrived twice: Stripe gave back the same session, and the first request recorded it.
            if (!await SessionRecordedAsync(session.Id, cancellationToken))
            {
                throw;
            }
        }

        logger.LogInformation("Checkout {Session} started for {UserId}: {Pack}", session.Id, userId, pack.Id);
        return new CheckoutStart(CheckoutOutcome.Started, session.Url);
    }

    /// <summary>The person's own purchase with this checkout session id; null for another person's or an unknown one.</summary>
    public async Task<Payment?> FindAsync(Guid userId, string? checkoutSessionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(checkoutSessionId) || checkoutSessionId.Length > 255)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.CheckoutSessionId == checkoutSessionId && p.UserId == userId, cancellationToken);
    }

    /// <summary>The person's purchases that went through Stripe's payment (paid, refunded, disputed), newest first.</summary>
    public async Task<IReadOnlyList<Payment>> ListForAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking()
            .Where(p => p.UserId == userId && p.Status != PaymentStatus.Open)
            .OrderByDescending(p => p.CreatedAt).Take(100).ToListAsync(cancellationToken);
    }

    /// <summary>True when the person has a paid purchase: the higher buyers' limits apply to them.</summary>
    public async Task<bool> IsBuyerAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AnyAsync(p => p.UserId == userId && p.Status == PaymentStatus.Paid, cancellationToken);
    }

    /// <summary>One page of every purchase for admins, newest first; <paramref name="problemsOnly"/> keeps those an admin should look at.</summary>
    public async Task<Slice<Payment>> ListAllAsync(int page, int pageSize, bool problemsOnly = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payments = db.Payments.AsNoTracking();
        if (problemsOnly)
        {
            payments = payments.Where(p => p.Problem != null || p.CreditsNotTakenBack > 0);
        }

        return await payments.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id).SliceAsync(new Paging(page, pageSize), cancellationToken);
    }

    /// <summary>Money kept from purchases paid since <paramref name="since"/> (refunded and disputed ones not counted), per currency.</summary>
    public async Task<IReadOnlyList<Revenue>> RevenueSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paid = await db.Payments.AsNoTracking().Where(p => p.Status == PaymentStatus.Paid && p.PaidAt >= since)
            .GroupBy(p => p.Currency)
            .Select(g => new { Currency = g.Key, Amount = g.Sum(p => p.Amount), Purchases = g.Count() }).ToListAsync(cancellationToken);
        return paid.OrderBy(r => r.Currency, StringComparer.Ordinal).Select(r => new Revenue(r.Currency, r.Amount, r.Purchases)).ToList();
    }

    /// <summary>
    /// Asks Stripe to refund a paid purchase in full, for an admin (<paramref name="adminId"/>, checked again here) with a
    /// reason for the audit log. The credits are taken back when Stripe's <c>charge.refunded</c> arrives, as for a
    /// refund made in Stripe's dashboard. Keyed on the payment, so pressing twice asks Stripe once.
    /// </summary>
    public async Task<AdminResult> RefundAsync(Guid adminId, Guid paymentId, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return AdminResult.Invalid("Say why the purchase is refunded.");
        }

        // Outside a transaction: nothing here is written but the audit entry, and no database lock waits on Stripe.
        return await actions.RunOutsideTransactionAsync(adminId, async (_, ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, ct);
            if (payment is null)
            {
                return AdminResult.NotFound();
            }

            if (payment.Status != PaymentStatus.Paid || payment.PaymentIntentId is null || stripe is null)
            {
                return AdminResult.Conflict("Only a paid purchase can be refunded.");
            }

            try
            {
                await new RefundService(stripe).CreateAsync(new RefundCreateOptions { PaymentIntent = payment.PaymentIntentId },
                    new RequestOptions { IdempotencyKey = $"refund-{payment.Id:N}" }, ct);
            }
            catch (Exception ex) when (ex is StripeException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Stripe did not refund {Session}", payment.CheckoutSessionId);
                return AdminResult.Conflict($"Stripe did not take the refund: {(ex as StripeException)?.StripeError?.Message ?? "no answer"}. Nothing changed.");
            }

            return AdminChange.Made(
                new AuditNote("payment.refund-asked", payment.UserId, $"checkout {payment.CheckoutSessionId}", reason.Trim(),
                    $"{StripeWebhooks.Money(payment.Amount, payment.Currency)} asked back from Stripe"),
                "Refund asked for. The credits are taken back when Stripe confirms it.");
        }, cancellationToken);
    }

    private async Task<string> CreateCustomerAsync(ColoringDbContext db, Guid userId, string? email, CancellationToken cancellationToken)
    {
        // Keyed on the person, so two first checkouts at once get one Customer from Stripe.
        var customer = await new CustomerService(stripe).CreateAsync(new CustomerCreateOptions
        {
            Email = email,
            Metadata = new Dictionary<string, string> { [StripeWebhooks.UserKey] = userId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"customer-{userId:N}" }, cancellationToken);
        await db.Users.Where(u => u.Id == userId && u.StripeCustomerId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.StripeCustomerId, customer.Id), cancellationToken);
        return customer.Id;
    }

    private async Task<bool> SessionRecordedAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AnyAsync(p => p.CheckoutSessionId == sessionId, cancellationToken);
    }
}
