using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class PatientRecordConfiguration : IEntityTypeConfiguration<PatientRecord>
{
    public void Configure(EntityTypeBuilder<PatientRecord> builder)
    {
        builder.ToTable("patients");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.PatientRef).HasMaxLength(64);
        builder.HasIndex(p => p.PatientRef).IsUnique();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PatientId);
    }
}
