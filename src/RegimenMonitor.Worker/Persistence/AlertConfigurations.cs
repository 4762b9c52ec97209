using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Persistence;

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
        builder.ToTable("alert_acknowledgements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Outcome).HasMaxLength(12);
        builder.Property(a => a.Reason).HasMaxLength(1000);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        builder.HasIndex(a => a.EventId).IsUnique();
        builder.HasIndex(a => a.AlertId);
    }
}
