using System.Globalization;
using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Data.Configurations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Admin;

/// <summary>A user as the admin pages list them.</summary>
public sealed record UserSummary(Guid Id, string Email, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, int Balance, bool IsAdmin, bool IsLocked);

/// <summary>One user in full, for the user's admin page.</summary>
public sealed record UserDetail(UserSummary User, string DisplayName, int JobCount, bool IsConfiguredAdmin);

/// <summary>
/// The users side of the admin pages: search, a user's figures, credit grants and removals, locking, and the
/// Admin role. Every change runs through <see cref="AdminActions"/>.
/// </summary>
public sealed class AdminUsers(
    IDbContextFactory<ColoringDbContext> dbFactory,
    AdminActions actions,
    CreditLedger ledger,
    IOptions<AuthOptions> authOptions,
    TimeProvider clock)
{
    /// <summary>The most credits one change may add or remove.</summary>
    public const int MaxCreditChange = 1000;

    /// <summary>The longest reason (the column's size).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Users whose e-mail contains <paramref name="email"/> (all users when empty), newest first.</summary>
    public async Task<Slice<UserSummary>> SearchAsync(string? email, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(email))
        {
            // Contains becomes instr/strpos, not LIKE, so % and _ are plain characters here.
            var part = email.Trim();
            part = EmailAddress.Normalize(part.Length > 256 ? part[..256] : part);
            users = users.Where(u => u.NormalizedEmail!.Contains(part));
        }

        var now = clock.GetUtcNow();
        return await users.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .SliceAsync(new Paging(page, pageSize), rows => Summaries(db, rows, now), cancellationToken);
    }

    /// <summary>The user with this id, or null.</summary>
    public async Task<UserDetail?> FindAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var summary = await Summaries(db, db.Users.AsNoTracking().Where(u => u.Id == userId), now).FirstOrDefaultAsync(cancellationToken);
        if (summary is null)
        {
            return null;
        }

        var displayName = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstAsync(cancellationToken);
        var jobs = await db.Jobs.CountAsync(j => j.UserId == userId, cancellationToken);
        return new UserDetail(summary, displayName, jobs, authOptions.Value.IsAdminEmail(summary.Email));
    }

    /// <summary>
    /// Adds (positive <paramref name="amount"/>) or removes (negative) credits, as an AdminGrant ledger event
    /// that names the admin and the reason, with its audit entry, in one transaction. The balance never goes
    /// below zero. <paramref name="requestId"/> makes the same request safe to send twice.
    /// </summary>
    public async Task<AdminResult> ChangeCreditsAsync(Guid actorId, Guid userId, int amount, string? reason, Guid requestId, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return AdminResult.Invalid("Write a reason: it is kept in the audit log and shown to the user with the change.");
        }

        if (reason.Length > MaxReasonLength)
        {
            return AdminResult.Invalid($"The reason can be at most {MaxReasonLength} characters.");
        }

        if (amount is 0 or > MaxCreditChange or < -MaxCreditChange)
        {
            return AdminResult.Invalid($"Choose a number of credits from 1 to {MaxCreditChange}.");
        }

        var key = CreditKeys.AdminChange(requestId);
        return await actions.RunAsync(actorId, async (admin, ct) =>
        {
            var db = admin.Db;
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
            if (email is null)
            {
                return AdminResult.NotFound();
            }

            var result = await ledger.ChangeByAdminAsync(db, userId, amount, admin.Actor.Id, requestId, reason, ct);
            switch (result)
            {
                case LedgerResult.AlreadyApplied:
                    return AdminResult.Done(AlreadyMade);
                case LedgerResult.InsufficientCredits:
                    var balance = await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => a.Balance).FirstAsync(ct);
                    return AdminResult.Invalid($"{email} has {Credits(balance)}; you can remove at most {balance}.");
                case LedgerResult.NoAccount:
                    return AdminResult.NotFound();
            }

            var after = await db.CreditAccounts.Where(a => a.UserId == userId).Select(a => a.Balance).FirstAsync(ct);
            return AdminChange.Made(
                new AuditNote(amount > 0 ? "credits.grant" : "credits.remove", userId, email, reason,
                    $"{amount.ToString("+#;-#", CultureInfo.InvariantCulture)} credits, balance {after - amount} → {after}"),
                afterCommit: done => ledger.PublishBalanceAsync(userId, done));
        },
        // The same request at the same moment: the other one won the ledger's unique key and made the change.
        onConflict: ct => ledger.IsRecorded(key) ? Task.FromResult(AdminResult.Done(AlreadyMade)) : Task.FromResult(AdminResult.Conflict(AdminActions.ChangedMeanwhile)),
        cancellationToken);
    }

    /// <summary>
    /// Locks or unlocks a user. A locked user cannot sign in, and a changed security stamp ends their
    /// sessions at the next check (within a minute). Admins cannot lock themselves.
    /// </summary>
    public async Task<AdminResult> SetLockedAsync(Guid actorId, Guid userId, bool locked, string? reason, CancellationToken cancellationToken = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason?.Length > MaxReasonLength)
        {
            return AdminResult.Invalid($"The reason can be at most {MaxReasonLength} characters.");
        }

        return await ChangeUserAsync(actorId, userId, cancellationToken, (admin, user) => Task.FromResult(LockChange(admin, user, locked, reason)));
    }

    private static AdminChange LockChange(AdminScope admin, ColoringUser user, bool locked, string? reason)
    {
        var now = admin.Now;
        if (admin.Actor.Id == user.Id)
        {
            return AdminResult.Invalid("You can't lock or unlock your own account.");
        }

        var isLocked = user.LockoutEnd is { } end && end > now;
        if (isLocked == locked)
        {
            return AdminResult.Done(locked ? "The account was already locked." : "The account was not locked.");
        }

        user.LockoutEnabled = true;
        user.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
        user.AccessFailedCount = 0;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        return AdminChange.Made(new AuditNote(locked ? "user.lock" : "user.unlock", user.Id, user.Email, reason));
    }

    /// <summary>Gives or takes the Admin role. Admins cannot change their own role.</summary>
    public async Task<AdminResult> SetAdminAsync(Guid actorId, Guid userId, bool admin, CancellationToken cancellationToken = default) =>
        await ChangeUserAsync(actorId, userId, cancellationToken, async (scope, user) =>
        {
            var db = scope.Db;
            if (scope.Actor.Id == user.Id)
            {
                return AdminResult.Invalid("You can't change your own admin role; ask another admin.");
            }

            if (!admin && authOptions.Value.IsAdminEmail(user.Email ?? ""))
            {
                return AdminResult.Invalid("This address is in the Auth:AdminEmails setting, so it would be made an admin again at its next sign-in. Remove it from the setting first.");
            }

            var role = await db.UserRoles.FirstOrDefaultAsync(r => r.UserId == user.Id && r.RoleId == RoleConfiguration.AdminRoleId, cancellationToken);
            if ((role is not null) == admin)
            {
                return AdminResult.Done(admin ? "Already an admin." : "Not an admin.");
            }

            if (admin)
            {
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = RoleConfiguration.AdminRoleId });
            }
            else
            {
                db.UserRoles.Remove(role!);
            }

            // The role is read from the database on every admin page and action; the cookie's copy follows within a minute.
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            return AdminChange.Made(new AuditNote(admin ? "user.make-admin" : "user.remove-admin", user.Id, user.Email));
        });

    /// <summary>Runs <paramref name="change"/> on the tracked user through <see cref="AdminActions"/>.</summary>
    private Task<AdminResult> ChangeUserAsync(Guid actorId, Guid userId, CancellationToken cancellationToken, Func<AdminScope, ColoringUser, Task<AdminChange>> change) =>
        actions.RunAsync(actorId, async (admin, ct) =>
            await admin.Db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) is { } user ? await change(admin, user) : AdminResult.NotFound(),
            onConflict: _ => Task.FromResult(AdminResult.Conflict("Someone changed this account at the same moment. Look again and retry.")),
            cancellationToken);

    private static IQueryable<UserSummary> Summaries(ColoringDbContext db, IQueryable<ColoringUser> users, DateTimeOffset now) =>
        users.Select(u => new UserSummary(
            u.Id,
            u.Email ?? "",
            u.CreatedAt,
            u.LastSignInAt,
            db.CreditAccounts.Where(a => a.UserId == u.Id).Select(a => a.Balance).FirstOrDefault(),
            db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == RoleConfiguration.AdminRoleId),
            u.LockoutEnd != null && u.LockoutEnd > now));

    private const string AlreadyMade = "That change was already made.";

    private static string Credits(int n) => Words.Credits(n);
}
