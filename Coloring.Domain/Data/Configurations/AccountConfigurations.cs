using Coloring.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class ColoringUserConfiguration : IEntityTypeConfiguration<ColoringUser>
{
    public void Configure(EntityTypeBuilder<ColoringUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(80);
        user.Property(u => u.StripeCustomerId).HasMaxLength(255);
        user.Property(u => u.PreferredPaper).HasConversion<string>().HasMaxLength(16);
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}

internal sealed class MagicLinkTokenConfiguration : IEntityTypeConfiguration<MagicLinkToken>
{
    public void Configure(EntityTypeBuilder<MagicLinkToken> token)
    {
        token.ToTable("magic_link_tokens");
        token.HasKey(t => t.Id);
        token.Property(t => t.NormalizedEmail).HasMaxLength(256);
        token.Property(t => t.Email).HasMaxLength(256);
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.Property(t => t.ReturnUrl).HasMaxLength(512);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.ExpiresAt);
    }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Microsoft.AspNetCore.Identity.IdentityRole<Guid>>
{
    /// <summary>The Admin role exists from the first migration, so granting it never has to create it.</summary>
    public static readonly Guid AdminRoleId = new("6f1b3c2e-0d4a-4b8e-9a51-3c7e2f0a9d11");

    public void Configure(EntityTypeBuilder<Microsoft.AspNetCore.Identity.IdentityRole<Guid>> role) =>
        role.HasData(new Microsoft.AspNetCore.Identity.IdentityRole<Guid>
        {
            Id = AdminRoleId,
            Name = AccountProvisioner.AdminRole,
            NormalizedName = "ADMIN",
            ConcurrencyStamp = "a3d4c1f0-admin",
        });
}
