using Coloring.Domain.Data;
using Coloring.Domain.Data.Configurations;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Admin;

/// <summary>The admin doing something: named in the audit log and on credit changes.</summary>
public sealed record AdminActor(Guid Id, string Email);

/// <summary>How an admin action ended.</summary>
public enum AdminOutcome
{
    Done,

    /// <summary>No such thing, or the caller is not an admin: both answer 404.</summary>
    NotFound,

    /// <summary>The request itself is wrong (an empty reason, removing more credits than there are); nothing changed.</summary>
    Invalid,

    /// <summary>The thing is not in a state that allows it (a job that is no longer queued); nothing changed.</summary>
    Conflict,
}

/// <summary>The outcome of an admin action, with a sentence for the admin when it did not happen.</summary>
public sealed record AdminResult(AdminOutcome Outcome, string? Message = null)
{
    public bool Succeeded => Outcome == AdminOutcome.Done;

    public static AdminResult Done(string? message = null) => new(AdminOutcome.Done, message);

    public static AdminResult NotFound() => new(AdminOutcome.NotFound, "Not found.");

    public static AdminResult Invalid(string message) => new(AdminOutcome.Invalid, message);

    public static AdminResult Conflict(string message) => new(AdminOutcome.Conflict, message);
}

/// <summary>
/// Who is an admin, read from the database at the moment of asking: the role, and not locked. Pages and
/// endpoints ask before showing anything; every action asks again inside its own transaction, so a page
/// rendered before the role was removed cannot act.
/// </summary>
public sealed class AdminAccess(IDbContextFactory<ColoringDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The admin with this id, or null when there is none (also for a null id, a normal user or a locked admin).</summary>
    public async Task<AdminActor?> FindAdminAsync(Guid? userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindAdminAsync(db, userId.Value, clock, cancellationToken);
    }

    internal static async Task<AdminActor?> FindAdminAsync(ColoringDbContext db, Guid userId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var admin = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == RoleConfiguration.AdminRoleId))
            .Select(u => new { u.Id, u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        return admin is null ? null : new AdminActor(admin.Id, admin.Email ?? "");
    }
}
