using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Payments;
using Coloring.Domain.Sharing;
using Coloring.Domain.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coloring.Domain.Data;

/// <summary>
/// The one model of Coloring. Each database provider has a derived context that owns its
/// migration set: <see cref="Sqlite.SqliteColoringDbContext"/> and <see cref="Postgres.PostgresColoringDbContext"/>.
/// </summary>
/// <remarks>
/// After a model change, add a migration to both sets (from the repository root):
/// <code>
/// dotnet ef migrations add NAME --project Coloring.Domain --context SqliteColoringDbContext --output-dir Data/Sqlite/Migrations
/// dotnet ef migrations add NAME --project Coloring.Domain --context PostgresColoringDbContext --output-dir Data/Postgres/Migrations
/// </code>
/// A test fails while either set lags behind the model.
/// </remarks>
public abstract class ColoringDbContext(DbContextOptions options)
    : IdentityDbContext<ColoringUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<CreditAccount> CreditAccounts => Set<CreditAccount>();

    public DbSet<CreditEvent> CreditEvents => Set<CreditEvent>();

    public DbSet<MagicLinkToken> MagicLinkTokens => Set<MagicLinkToken>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<Asset> Assets => Set<Asset>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<FeatureFlag> FeatureFlags => Set<FeatureFlag>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<CleanupRun> CleanupRuns => Set<CleanupRun>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ColoringDbContext).Assembly);
    }
}
