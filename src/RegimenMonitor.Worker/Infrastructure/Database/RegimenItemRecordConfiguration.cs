using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class RegimenItemRecordConfiguration : IEntityTypeConfiguration<RegimenItemRecord>
{
    public void Configure(EntityTypeBuilder<RegimenItemRecord> builder)
    {
        builder.ToTable("regimen_items");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Kind).HasMaxLength(16);
        builder.Property(i => i.ItemKey).HasMaxLength(128);
        builder.Property(i => i.Status).HasMaxLength(32);
        builder.Property(i => i.ProductText).HasMaxLength(500);
        builder.HasIndex(i => new { i.PatientId, i.Kind, i.ItemKey }).IsUnique();
        // derived when read, from the patient's history summary (Regimens/RegimenHistory), never stored: the column of
        // migration 0006 is no longer written or read (migration 0007)
        builder.Ignore(i => i.Compacted);
        // derived for each decision from the patient's statements (Regimens/ReportedStops), never stored
        builder.Ignore(i => i.ReportedStop);
        builder.Ignore(i => i.CoverageStop);
    }
}
