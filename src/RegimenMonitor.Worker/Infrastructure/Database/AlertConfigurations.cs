using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("alert_outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasMaxLength(12);
        builder.Property(m => m.Status).HasMaxLength(10);
        builder.Property(m => m.RoutingKey).HasMaxLength(80);
        builder.Property(m => m.TraceParent).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(400);
    }
}

internal sealed class AlertAcknowledgementConfiguration : IEntityTypeConfiguration<AlertAcknowledgement>
{
    public void Configure(EntityTypeBuilder<AlertAcknowledgement> builder)
    {
        // the append-only trigger (SQL Server: EF then saves without an OUTPUT clause, which a trigger forbids)
        builder.ToTable("alert_acknowledgements", t => t.HasTrigger("tr_alert_acknowledgements_append_only"));
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Outcome).HasMaxLength(12);
        builder.Property(a => a.Reason).HasMaxLength(1000);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        builder.HasIndex(a => a.EventId).IsUnique();
        builder.HasIndex(a => a.AlertId);
    }
}
