using System.Globalization;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Coloring.Domain.Payments;

/// <summary>How a webhook delivery was taken.</summary>
public enum WebhookOutcome
{
    /// <summary>The signature, its age or the body is wrong: answer 400; nothing was read or changed.</summary>
    Rejected,

    /// <summary>Verified and dealt with (which includes "already done" and "not an event we use"): answer 200.</summary>
    Accepted,
}

/// <summary>
/// Takes Stripe's webhook deliveries. Stripe delivers at least once, in any order, for days, so every effect is keyed
/// on the checkout session: the payment row's status moves once (open → paid, paid → refunded or disputed) with a
/// conditional UPDATE, and the ledger change commits in the same transaction, so any number of deliveries of one
/// event, at once or a day apart, grant once.
/// </summary>
public sealed class StripeWebhooks(
    IDbContextFactory<ColoringDbContext> dbFactory,
    CreditLedger ledger,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<StripeWebhooks> logger)
{
    /// <summary>How old a signature may be, in seconds (Stripe's own default).</summary>
    public const long SignatureTolerance = 300;

    /// <summary>The metadata key naming the buyer (their user id).</summary>
    public const string UserKey = "user_id";

    /// <summary>The metadata key naming the pack.</summary>
    public const string PackKey = "pack";

    /// <summary>Who the ledger and the audit log name for changes Stripe caused.</summary>
    public const string Actor = "stripe";

    /// <summary>Verifies <paramref name="json"/> (the raw body, unchanged) against <paramref name="signature"/> and acts on the event.</summary>
    public async Task<WebhookOutcome> HandleAsync(string json, string? signature, CancellationToken cancellationToken = default)
    {
        var secret = options.Value.Stripe.WebhookSecret;
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature))
        {
            return WebhookOutcome.Rejected;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, secret, SignatureTolerance, clock.GetUtcNow().ToUnixTimeSeconds());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A forged or stale signature, or a body that is not an event: Stripe.net says which; nothing else happens.
            logger.LogWarning("Refused a Stripe webhook: {Reason}", ex.Message);
            return WebhookOutcome.Rejected;
        }

        switch (stripeEvent.Type)
        {
            case EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded when stripeEvent.Data.Object is Session session:
                await CompleteAsync(session, cancellationToken);
                break;
            case EventTypes.ChargeRefunded when stripeEvent.Data.Object is Charge charge:
                await ReverseAsync(charge.PaymentIntentId, PaymentStatus.Refunded, charge.Amount > 0 ? (charge.AmountRefunded, charge.Amount) : null, cancellationToken);
                break;
            case EventTypes.ChargeDisputeCreated when stripeEvent.Data.Object is Dispute dispute:
                await ReverseAsync(dispute.PaymentIntentId, PaymentStatus.Disputed, null, cancellationToken);
                break;
            default:
                logger.LogDebug("Stripe event {Type} ({Id}) is not one Coloring uses", stripeEvent.Type, stripeEvent.Id);
                break;
        }

        return WebhookOutcome.Accepted;
    }

    private async Task CompleteAsync(Session session, CancellationToken cancellationToken)
    {
        if (session.PaymentStatus != "paid")
        {
            return; // paid later, by a delayed method: checkout.session.async_payment_succeeded comes then
        }

        var pack = options.Value.FindPack(session.Metadata?.GetValueOrDefault(PackKey));
        var userId = Guid.TryParse(session.ClientReferenceId, out var id) ? id : (Guid?)null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await RecordAsync(db, session, pack, userId, cancellationToken);
        var now = clock.GetUtcNow();

        var mismatch = Mismatch(session, payment, pack);
        var buyerExists = payment.UserId is { } buyer && await db.Users.AnyAsync(u => u.Id == buyer, cancellationToken);
        var problem = mismatch ?? (buyerExists ? null : "The buyer's account no longer exists; nothing was granted. Refund it in Stripe.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Open).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, mismatch is null ? PaymentStatus.Paid : PaymentStatus.Mismatched)
            .SetProperty(p => p.PaidAt, now)
            .SetProperty(p => p.PaymentIntentId, session.PaymentIntentId)
            .SetProperty(p => p.StripeCustomerId, p => session.CustomerId ?? p.StripeCustomerId)
            .SetProperty(p => p.Problem, problem), cancellationToken);
        if (moved == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return; // delivered before: nothing changes
        }

        var target = $"checkout {session.Id}";
        var paid = Money(session.AmountTotal ?? 0, session.Currency);
        if (problem is null)
        {
            var result = await ledger.ChangeInTransactionAsync(db, new LedgerEntry(payment.UserId!.Value, payment.Credits, CreditReason.Purchase,
                CreditKeys.Purchase(session.Id), Actor, Note: $"{payment.Credits} credits for {paid}"), cancellationToken);
            if (result != LedgerResult.Applied)
            {
                await transaction.RollbackAsync(cancellationToken);
                logger.LogWarning("Purchase {Session} was not granted: {Result}", session.Id, result);
                return;
            }

            AuditLog.AddFromOutside(db, Actor, "payment.purchase", now, payment.UserId, target, $"{payment.Credits} credits ({payment.PackId}) for {paid}");
        }
        else
        {
            AuditLog.AddFromOutside(db, Actor, "payment.problem", now, payment.UserId, target, problem);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (problem is null)
        {
            logger.LogInformation("Purchase {Session}: {Credits} credits for {UserId}", session.Id, payment.Credits, payment.UserId);
        }
        else
        {
            logger.LogWarning("Purchase {Session} needs an admin: {Problem}", session.Id, problem);
        }

        if (buyerExists)
        {
            // Also without a grant: an open success page learns that the payment was looked at.
            await ledger.PublishBalanceAsync(payment.UserId!.Value, cancellationToken);
        }
    }

    // The row the checkout wrote; if Stripe's event came first or the row was never written, one is made from the event.
    private async Task<Payment> RecordAsync(ColoringDbContext db, Session session, CreditPack? pack, Guid? userId, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.CheckoutSessionId == session.Id, cancellationToken);
        if (payment is not null)
        {
            return payment;
        }

        var known = userId is { } u && await db.Users.AnyAsync(x => x.Id == u, cancellationToken);
        payment = new Payment
        {
            Id = Guid.NewGuid(),
            CheckoutSessionId = Cut(session.Id, 255)!,
            UserId = known ? userId : null,
            PackId = Cut(pack?.Id ?? session.Metadata?.GetValueOrDefault(PackKey) ?? "", 40)!,
            Credits = pack?.Credits ?? 0,
            Amount = pack?.Price ?? session.AmountTotal ?? 0,
            Currency = Cut(pack?.Currency ?? session.Currency ?? "", 3)!,
            Status = PaymentStatus.Open,
            StripeCustomerId = session.CustomerId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another delivery of the same event wrote it a moment ago.
            db.ChangeTracker.Clear();
            payment = await db.Payments.AsNoTracking().FirstAsync(p => p.CheckoutSessionId == session.Id, cancellationToken);
        }

        db.ChangeTracker.Clear();
        return payment;
    }

    private static string? Mismatch(Session session, Payment payment, CreditPack? pack)
    {
        if (pack is null)
        {
            return $"The pack '{Cut(session.Metadata?.GetValueOrDefault(PackKey), 40)}' is not on sale; nothing was granted.";
        }

        if (pack.Id != payment.PackId || pack.Credits != payment.Credits)
        {
            return $"The event names pack '{pack.Id}', the checkout was for '{payment.PackId}'; nothing was granted.";
        }

        if (session.AmountTotal != payment.Amount || !string.Equals(session.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"Paid {Money(session.AmountTotal ?? 0, session.Currency)} but the pack costs {Money(payment.Amount, payment.Currency)}; nothing was granted.";
        }

        return null;
    }

    private async Task ReverseAsync(string? paymentIntentId, PaymentStatus status, (long Refunded, long Charged)? part, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(paymentIntentId))
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.PaymentIntentId == paymentIntentId, cancellationToken);
        if (payment is null || payment.Status != PaymentStatus.Paid)
        {
            logger.LogInformation("Stripe {Status} for payment {PaymentIntent}: no paid purchase to reverse", status, paymentIntentId);
            return;
        }

        // A partial refund takes back its share of the credits, rounded up; a dispute takes back all of them.
        var owed = part is { } p0 && p0.Refunded < p0.Charged
            ? (int)Math.Ceiling(payment.Credits * (double)p0.Refunded / p0.Charged)
            : payment.Credits;
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Payments.Where(p => p.Id == payment.Id && p.Status == PaymentStatus.Paid).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, status)
            .SetProperty(p => p.ReversedAt, now), cancellationToken);
        if (moved == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        var taken = 0;
        if (payment.UserId is { } userId && payment.Credits > 0)
        {
            taken = await ledger.TakeBackInTransactionAsync(db, new LedgerEntry(userId, -owed, CreditReason.PurchaseReversal,
                CreditKeys.PurchaseReversal(payment.CheckoutSessionId), Actor, Note: status == PaymentStatus.Refunded ? "Purchase refunded" : "Purchase disputed"), cancellationToken);
        }

        var shortfall = Math.Max(0, owed - taken);
        await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.CreditsTakenBack, taken)
            .SetProperty(p => p.CreditsNotTakenBack, shortfall), cancellationToken);
        var details = $"{taken} of {owed} credits taken back" + (shortfall > 0 ? $"; {shortfall} were already spent" : "");
        AuditLog.AddFromOutside(db, Actor, status == PaymentStatus.Refunded ? "payment.refund" : "payment.dispute", now, payment.UserId,
            $"checkout {payment.CheckoutSessionId}", details);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Purchase {Session} {Status}: {Details}", payment.CheckoutSessionId, status, details);
        if (payment.UserId is { } owner && taken > 0)
        {
            await ledger.PublishBalanceAsync(owner, cancellationToken);
        }
    }

    /// <summary>"4.99 EUR": minor units in the currency's usual two decimals.</summary>
    public static string Money(long minorUnits, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{minorUnits / 100m:0.00} {currency?.ToUpperInvariant()}");

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
