using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> builder)
    {
        builder.ToTable("processed_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).ValueGeneratedNever();
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(16);
        builder.HasIndex(e => e.ProcessedAt);
    }
}
