using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Tests.Support;

/// <summary>Admins and audit rows for admin tests, written straight to the database.</summary>
public static class AdminData
{
    /// <summary>The id the Admin role has from the first migration.</summary>
    public static readonly Guid AdminRoleId = new("6f1b3c2e-0d4a-4b8e-9a51-3c7e2f0a9d11");

    /// <summary>A user with the Admin role, as the admin actor of a test.</summary>
    public static async Task<AdminActor> AddAdminAsync(this IServiceProvider services, string? email = null)
    {
        var user = await services.AddUserAsync(email ?? $"admin-{Guid.NewGuid():N}@example.com");
        await services.MakeAdminAsync(user.Id);
        return new AdminActor(user.Id, user.Email!);
    }

    public static async Task MakeAdminAsync(this IServiceProvider services, Guid userId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = AdminRoleId });
        await db.SaveChangesAsync();
    }

    /// <summary>A user with an open credit account of <paramref name="credits"/> credits.</summary>
    public static async Task<ColoringUser> AddUserWithCreditsAsync(this IServiceProvider services, int credits = 3, string? email = null)
    {
        var user = await services.AddUserAsync(email);
        var ledger = services.GetRequiredService<CreditLedger>();
        await ledger.OpenAccountAsync(user.Id);
        if (credits != CreditLedger.SignupCredits)
        {
            await ledger.GrantAsync(user.Id, credits - CreditLedger.SignupCredits, CreditReason.Purchase, $"set-{user.Id:N}", "test");
        }

        return user;
    }

    public static async Task<List<AuditEntry>> AuditEntriesAsync(this IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ColoringDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }
}
