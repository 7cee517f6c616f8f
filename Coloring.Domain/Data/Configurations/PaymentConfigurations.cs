using Coloring.Domain.Accounts;
using Coloring.Domain.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.ToTable("payments");
        payment.HasKey(p => p.Id);
        payment.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        payment.HasIndex(p => p.CheckoutSessionId).IsUnique();
        payment.Property(p => p.PackId).HasMaxLength(40);
        payment.Property(p => p.Currency).HasMaxLength(3);
        payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        payment.Property(p => p.StripeCustomerId).HasMaxLength(255);
        payment.Property(p => p.PaymentIntentId).HasMaxLength(255);
        payment.HasIndex(p => p.PaymentIntentId);
        payment.Property(p => p.Problem).HasMaxLength(500);
        payment.HasIndex(p => new { p.UserId, p.CreatedAt });
        payment.HasIndex(p => p.CreatedAt);
        // Payments outlive a deleted account, detached from it, like ledger lines.
        payment.HasOne<ColoringUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
