using Coloring.Domain.Accounts;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> asset)
    {
        asset.ToTable("assets");
        asset.HasKey(a => a.Id);
        asset.Property(a => a.Bucket).HasConversion<string>().HasMaxLength(16);
        asset.Property(a => a.Key).HasMaxLength(128);
        asset.Property(a => a.ContentType).HasMaxLength(64);
        asset.Property(a => a.Sha256).HasMaxLength(64);
        asset.HasIndex(a => new { a.Bucket, a.Key }).IsUnique();
        asset.HasIndex(a => a.ExpiresAt);
        asset.HasIndex(a => a.OwnerId);
        asset.HasOne<ColoringUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> job)
    {
        job.ToTable("jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.Preset).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.Paper).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.Background).HasConversion<string>().HasMaxLength(16);
        job.Property(j => j.Generator).HasMaxLength(32);
        job.Property(j => j.Stage).HasMaxLength(32);
        job.Property(j => j.Error).HasMaxLength(500);
        job.Property(j => j.Name).HasMaxLength(PageNames.MaxLength);
        job.Ignore(j => j.IsFinished);
        job.Ignore(j => j.Options);
        job.Ignore(j => j.IsTouchedUp);
        job.HasIndex(j => new { j.UserId, j.CreatedAt });
        job.HasIndex(j => new { j.Status, j.CreatedAt });
        job.HasOne<ColoringUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.OriginalAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.PageAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.SvgAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.PreviewAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.UneditedPageAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.UneditedSvgAssetId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<Asset>().WithMany().HasForeignKey(j => j.UneditedPreviewAssetId).OnDelete(DeleteBehavior.SetNull);
    }
}
