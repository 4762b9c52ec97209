using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class FullSweepConfiguration : IEntityTypeConfiguration<FullSweep>
{
    public void Configure(EntityTypeBuilder<FullSweep> builder)
    {
        builder.ToTable("full_sweeps");
        builder.HasKey(s => s.Stamp);
        builder.Property(s => s.Stamp).HasMaxLength(200).ValueGeneratedNever();
    }
}
