using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// A connection string that does not parse is explained in our words, naming the keyword at fault: never the provider's
/// message (.NET wording, links, or the string with its password).
/// </summary>
public sealed class ConnectionStringProblemTests
{
    [Theory]
    [InlineData("Sqlite", "Data Sourc=data/x.db", "unknown keyword 'data sourc'")]
    [InlineData("Sqlite", "Data Source=data/x.db;Mode=Sometimes;Password=hunter2-secret", "the value of 'mode' is not one it accepts")]
    [InlineData("Sqlite", "Data Source=data/x.db;Password='hunter2-secret", "it is not a list of key=value pairs")]
    [InlineData("PostgreSql", "Hots=db;Username=u;Password=hunter2-secret;Database=d", "unknown keyword 'hots'")]
    [InlineData("PostgreSql", "Host=db;Port=fivefour;Username=u;Password=hunter2-secret;Database=d", "the value of 'port' is not one it accepts")]
    [InlineData("SqlServer", "Server=db;Database=d;Bogus Key=1;Password=hunter2-secret", "unknown keyword 'bogus key'")]
    [InlineData("SqlServer", "Server=db;Database=d;Encrypt=perhaps;Password=hunter2-secret", "the value of 'encrypt' is not one it accepts")]
    public void The_keyword_at_fault_is_named_and_nothing_else_is_quoted(string provider, string connectionString, string expected)
    {
        var failure = Assert.Single(Failures(provider, connectionString));

        Assert.Contains($"connection string ({expected}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("http", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql", "Host=db;Port=99999;Username=u;Password=hunter2-secret;Database=d", "is not a valid PostgreSQL connection string (the value of 'port' is not one it accepts")]
    [InlineData("PostgreSql", "Host=db1:5432,db2:65536;Username=u;Password=hunter2-secret;Database=d", "is not a valid PostgreSQL connection string (the value of 'port' is not one it accepts")]
    [InlineData("PostgreSql", "Username=u;Password=hunter2-secret;Database=d", "has no Host for PostgreSQL")]
    [InlineData("PostgreSql", "Host= ;Username=u;Password=hunter2-secret;Database=d", "has no Host for PostgreSQL")]
    [InlineData("Sqlite", "Data Source=", "has no Data Source (the SQLite file)")]
    [InlineData("Sqlite", "Data Source=;Password=hunter2-secret", "has no Data Source (the SQLite file)")]
    public void A_string_that_parses_but_names_no_server_port_or_file_is_refused(string provider, string connectionString, string expected)
    {
        var failure = Assert.Single(Failures(provider, connectionString));

        Assert.StartsWith($"ConnectionStrings:Database {expected}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Username=u;Password=p;Database=d;Include Error Detail=true")]
    [InlineData("Host=db;Username=u;Password=p;Database=d;IncludeErrorDetail=True")]
    public void A_PostgreSQL_connection_string_that_would_put_row_values_in_errors_is_refused(string connectionString)
    {
        var failure = Assert.Single(Failures("PostgreSql", connectionString));

        Assert.StartsWith("ConnectionStrings:Database sets Include Error Detail:", failure, StringComparison.Ordinal);
        Assert.Contains("remove it", failure, StringComparison.Ordinal);
        Assert.Empty(Failures("PostgreSql", "Host=db;Username=u;Password=p;Database=d;Include Error Detail=false"));
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=data/x.db;Cache=Shared")]
    [InlineData("PostgreSql", "Host=db;Port=5432;Username=u;Password=p;Database=d")]
    [InlineData("PostgreSql", "Host=db1:5433,[::1]:5434,db3;Username=u;Password=p;Database=d")]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("SqlServer", "Server=db;Database=d;User Id=u;Password=p;TrustServerCertificate=true")]
    public void A_valid_connection_string_has_no_failure(string provider, string connectionString) =>
        Assert.Empty(Failures(provider, connectionString));

    private static IEnumerable<string> Failures(string provider, string connectionString)
    {
        var database = Enum.Parse<DatabaseProvider>(provider);
        return DatabaseDialect.For(database).ConnectionStringFailures(new DatabaseOptions { Provider = database, ConnectionString = connectionString });
    }
}
