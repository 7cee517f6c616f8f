using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coloring.Domain.Data.Configurations;

internal sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> account)
    {
        account.ToTable("credit_accounts", t => t.HasCheckConstraint("CK_credit_accounts_balance_not_negative", "\"Balance\" >= 0"));
        account.HasKey(a => a.UserId);
        account.HasOne<ColoringUser>().WithOne().HasForeignKey<CreditAccount>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CreditEventConfiguration : IEntityTypeConfiguration<CreditEvent>
{
    public void Configure(EntityTypeBuilder<CreditEvent> creditEvent)
    {
        creditEvent.ToTable("credit_events");
        creditEvent.HasKey(e => e.Id);
        creditEvent.Property(e => e.Reason).HasConversion<string>().HasMaxLength(32);
        creditEvent.Property(e => e.Actor).HasMaxLength(64);
        creditEvent.Property(e => e.Note).HasMaxLength(500);
        creditEvent.Property(e => e.IdempotencyKey).HasMaxLength(128);
        creditEvent.HasIndex(e => e.IdempotencyKey).IsUnique();
        creditEvent.HasIndex(e => new { e.UserId, e.CreatedAt });
        // Ledger lines outlive a deleted account, detached from it.
        creditEvent.HasOne<ColoringUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
