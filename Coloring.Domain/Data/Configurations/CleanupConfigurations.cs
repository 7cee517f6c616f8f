using Coloring.Domain.Accounts;
using Coloring.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class CleanupRunConfiguration : IEntityTypeConfiguration<CleanupRun>
{
    public void Configure(EntityTypeBuilder<CleanupRun> run)
    {
        run.ToTable("cleanup_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Machine).HasMaxLength(128);
        run.Property(r => r.StartedByEmail).HasMaxLength(256);
        run.Property(r => r.Error).HasMaxLength(CleanupRun.ErrorLength);
        run.Ignore(r => r.ByHand);
        run.Ignore(r => r.Deleted);
        // The lease: at most one running pass, on any instance. The filter reads the same on SQLite and PostgreSQL.
        run.HasIndex(r => r.Status).IsUnique().HasFilter("\"Status\" = 'Running'").HasDatabaseName("IX_cleanup_runs_one_running");
        run.HasIndex(r => r.StartedAt);
        run.HasOne<ColoringUser>().WithMany().HasForeignKey(r => r.StartedById).OnDelete(DeleteBehavior.SetNull);
    }
}
