using Coloring.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Admin;

/// <summary>What to show of the audit log; every part is optional.</summary>
/// <param name="Action">An action (<c>credits.grant</c>) or its family (<c>credits</c>).</param>
/// <param name="Actor">Part of the acting admin's e-mail.</param>
/// <param name="TargetUserId">Only actions about this user.</param>
/// <param name="From">From this moment on.</param>
/// <param name="Until">Before this moment.</param>
public sealed record AuditFilter(string? Action = null, string? Actor = null, Guid? TargetUserId = null, DateTimeOffset? From = null, DateTimeOffset? Until = null);

/// <summary>
/// The record of admin actions. Entries are added to the caller's context so they commit with the change
/// they describe; nothing here updates or deletes one.
/// </summary>
public sealed class AuditLog(IDbContextFactory<ColoringDbContext> dbFactory)
{
    /// <summary>Every action written, for the filter's choices.</summary>
    public static readonly IReadOnlyList<string> Actions =
        ["credits.grant", "credits.remove", "user.lock", "user.unlock", "user.make-admin", "user.remove-admin", "job.retry", "job.cancel", "flag.set", "storage.cleanup", "payment.purchase", "payment.refund-asked", "payment.refund", "payment.dispute", "payment.problem"];

    /// <summary>Adds an admin's entry to <paramref name="db"/>, saved in the caller's transaction; only <see cref="AdminActions"/> writes these.</summary>
    internal static AuditEntry Add(ColoringDbContext db, AdminActor actor, AuditNote note, DateTimeOffset at) =>
        Add(db, actor.Id, actor.Email, note.Action, at, note.TargetUserId, note.Target, note.Reason, note.Details);

    /// <summary>
    /// Adds an entry for something that happened without an admin (a payment Stripe confirmed), naming
    /// <paramref name="source"/> as the actor; saved with the caller's next SaveChanges.
    /// </summary>
    public static AuditEntry AddFromOutside(ColoringDbContext db, string source, string action, DateTimeOffset at, Guid? targetUserId, string? target, string? details) =>
        Add(db, null, source, action, at, targetUserId, target, null, details);

    private static AuditEntry Add(ColoringDbContext db, Guid? actorId, string actorEmail, string action, DateTimeOffset at, Guid? targetUserId, string? target, string? reason, string? details)
    {
        var entry = new AuditEntry
        {
            ActorId = actorId,
            ActorEmail = Cut(actorEmail, 256)!,
            Action = action,
            TargetUserId = targetUserId,
            Target = Cut(target, 200),
            Reason = Cut(reason, 500),
            Details = Cut(details, 1000),
            CreatedAt = at,
        };
        db.AuditLog.Add(entry);
        return entry;
    }

    /// <summary>One page of entries matching <paramref name="filter"/>, newest first.</summary>
    public async Task<Slice<AuditEntry>> ListAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            var family = action + ".";
            entries = entries.Where(e => e.Action == action || e.Action.StartsWith(family));
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = Cut(filter.Actor.Trim(), 256)!.ToLowerInvariant();
            entries = entries.Where(e => e.ActorEmail.ToLower().Contains(actor));
        }

        if (filter.TargetUserId is { } target)
        {
            entries = entries.Where(e => e.TargetUserId == target);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.CreatedAt >= from);
        }

        if (filter.Until is { } until)
        {
            entries = entries.Where(e => e.CreatedAt < until);
        }

        return await entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).SliceAsync(new Paging(page, pageSize), cancellationToken);
    }

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";
}
