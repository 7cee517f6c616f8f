using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Flags;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.ToTable("api_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.Name).HasMaxLength(60);
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.Prefix).HasMaxLength(16);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.UserId);
        token.HasOne<ColoringUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable("audit_log");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.ActorEmail).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Target).HasMaxLength(200);
        entry.Property(e => e.Reason).HasMaxLength(500);
        entry.Property(e => e.Details).HasMaxLength(1000);
        entry.HasIndex(e => e.CreatedAt);
        entry.HasIndex(e => new { e.Action, e.CreatedAt });
        entry.HasIndex(e => e.TargetUserId);
        entry.HasOne<ColoringUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FeatureFlagConfiguration : IEntityTypeConfiguration<FeatureFlag>
{
    public void Configure(EntityTypeBuilder<FeatureFlag> flag)
    {
        flag.ToTable("feature_flags");
        flag.HasKey(f => f.Key);
        flag.Property(f => f.Key).HasMaxLength(64);
        flag.Property(f => f.Message).HasMaxLength(500);
        flag.Property(f => f.UpdatedBy).HasMaxLength(256);
    }
}
