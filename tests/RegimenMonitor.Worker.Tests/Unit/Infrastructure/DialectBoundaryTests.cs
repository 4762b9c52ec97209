using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Tests.Integration;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// What differs between databases lives in their dialects (src/RegimenMonitor.Worker/Infrastructure/Database/Dialects): no other
/// source file asks which database it runs on, so a further database is one dialect class and one migrations folder.
/// </summary>
public sealed partial class DialectBoundaryTests
{
    [Fact]
    public void No_file_outside_the_dialects_branches_on_the_database_provider()
    {
        var worker = Path.Combine(MigrationTests.RepositoryRoot(), "src", "RegimenMonitor.Worker");
        var dialects = Path.Combine(worker, "Infrastructure", "Database", "Dialects") + Path.DirectorySeparatorChar;
        var files = Directory.GetFiles(worker, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(dialects, StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);

        var branches = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(worker, f), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && ProviderBranch().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();
        Assert.True(branches.Count == 0, "provider branches outside Infrastructure/Database/Dialects (add a DatabaseDialect member instead):\n" + string.Join('\n', branches));
    }

    [Fact]
    public void The_branch_pattern_finds_the_forms_a_provider_test_takes()
    {
        Assert.Matches(ProviderBranch(), "if (db.Database.IsNpgsql())");
        Assert.Matches(ProviderBranch(), "var x = options.Provider == DatabaseProvider.Sqlite ? 1 : 2;");
        Assert.Matches(ProviderBranch(), "if (database is not { Provider: DatabaseProvider.PostgreSql })");
        Assert.Matches(ProviderBranch(), "case DatabaseProvider.SqlServer:");
        Assert.Matches(ProviderBranch(), "DatabaseProvider.SqlServer => 3,");
        Assert.Matches(ProviderBranch(), "written = connection is NpgsqlConnection npgsql");
        Assert.Matches(ProviderBranch(), "if (connection is SqliteConnection)");
        Assert.Matches(ProviderBranch(), "var sql = db.Database.GetDbConnection() as SqlConnection;");
        Assert.DoesNotMatch(ProviderBranch(), "public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;");
    }

    [GeneratedRegex(@"\.Is(Npgsql|Sqlite|SqlServer)\(|[=!]=\s*DatabaseProvider\.|DatabaseProvider\.\w+\s*(=>|==|!=|:)|Provider:\s*DatabaseProvider\.|\b(is|as)\s+(Npgsql|Sqlite|Sql)Connection\b")]
    private static partial Regex ProviderBranch();
}
