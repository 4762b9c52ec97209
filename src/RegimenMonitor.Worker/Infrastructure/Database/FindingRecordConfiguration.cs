using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class FindingRecordConfiguration : IEntityTypeConfiguration<FindingRecord>
{
    public void Configure(EntityTypeBuilder<FindingRecord> builder)
    {
        builder.ToTable("findings");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Fingerprint).HasMaxLength(400);
        builder.Property(f => f.RuleId).HasMaxLength(32);
        builder.Property(f => f.Concern).HasMaxLength(40);
        builder.Property(f => f.Severity).HasMaxLength(20);
        builder.Property(f => f.State).HasMaxLength(10);
        builder.Property(f => f.RuleSetVersion).HasMaxLength(32);
        builder.HasIndex(f => f.AlertId).IsUnique();
        builder.HasIndex(f => new { f.PatientId, f.State });
    }
}
