using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RegimenMonitor.Worker.Infrastructure.Database;

internal sealed class TerminologyCodeConfiguration : IEntityTypeConfiguration<TerminologyCode>
{
    public void Configure(EntityTypeBuilder<TerminologyCode> builder)
    {
        builder.ToTable("terminology_codes");
        builder.HasKey(c => new { c.CodeSystem, c.Code });
        builder.Property(c => c.CodeSystem).HasMaxLength(8);
        builder.Property(c => c.Code).HasMaxLength(20);
    }
}

internal sealed class TerminologyImportConfiguration : IEntityTypeConfiguration<TerminologyImport>
{
    public void Configure(EntityTypeBuilder<TerminologyImport> builder)
    {
        builder.ToTable("terminology_imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Sources).HasMaxLength(2000);
    }
}
