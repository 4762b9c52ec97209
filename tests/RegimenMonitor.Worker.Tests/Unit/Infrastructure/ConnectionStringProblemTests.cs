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
    [InlineData("Sqlite", "Data Sourc=data/x.db", "unknown keyword in key=value pair 1, not shown")]
    [InlineData("Sqlite", "Data Source=data/x.db;Mode=Sometimes;Password=hunter2-secret", "the value of 'mode' is not one it accepts")]
    [InlineData("Sqlite", "Data Source=data/x.db;Password='hunter2-secret", "it is not a list of key=value pairs")]
    [InlineData("PostgreSql", "Hots=db;Username=u;Password=hunter2-secret;Database=d", "unknown keyword in key=value pair 1, not shown")]
    [InlineData("PostgreSql", "Host=db;Port=fivefour;Username=u;Password=hunter2-secret;Database=d", "the value of 'port' is not one it accepts")]
    [InlineData("SqlServer", "Server=db;Database=d;Bogus Key=1;Password=hunter2-secret", "unknown keyword in key=value pair 3, not shown")]
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
    [InlineData("PostgreSql")]
    [InlineData("Sqlite")]
    [InlineData("SqlServer")]
    public void A_password_with_an_unquoted_semicolon_is_never_echoed_as_an_unknown_keyword(string provider)
    {
        // found by an independent edge probe: "Password=S3cr;etPart=Xyz" was refused as "unknown keyword 'etpart'"
        var server = provider switch
        {
            "Sqlite" => "Data Source=data/x.db",
            "SqlServer" => "Server=db;User Id=u;Database=d",
            _ => "Host=db;Username=u;Database=d",
        };
        var failure = Assert.Single(Failures(provider, $"{server};Password=hunter2;secretpart=Xyz"));

        Assert.Contains("unknown keyword in key=value pair", failure, StringComparison.Ordinal);
        Assert.Contains("a value that holds ';' must be quoted", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secretpart", failure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql", "===", "is not a valid PostgreSQL connection string (it is not a list of key=value pairs separated by ';')")]
    [InlineData("PostgreSql", ";;;===", "is not a valid PostgreSQL connection string (it is not a list of key=value pairs separated by ';')")]
    [InlineData("PostgreSql", "Host=db;===;Password=hunter2-secret", "is not a valid PostgreSQL connection string (it is not a list of key=value pairs separated by ';')")]
    // SqlClient's and Sqlite's builders read '===' as a key '=' without a value, which they drop: no server or file
    [InlineData("Sqlite", "===", "has no Data Source (the SQLite file)")]
    [InlineData("Sqlite", ";;;===", "has no Data Source (the SQLite file)")]
    [InlineData("SqlServer", "===", "has no Server (Data Source) for SQL Server")]
    [InlineData("SqlServer", ";;;===", "has no Server (Data Source) for SQL Server")]
    public void A_string_only_the_providers_own_parser_refuses_is_a_configuration_failure_not_an_exception(string provider, string connectionString, string expected)
    {
        // found by an independent edge probe: Npgsql's builder threw KeyNotFoundException from the validation itself
        var failure = Assert.Single(Failures(provider, connectionString));

        Assert.StartsWith($"ConnectionStrings:Database {expected}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PostgreSql", "Host=db;Port=99999;Username=u;Password=hunter2-secret;Database=d", "is not a valid PostgreSQL connection string (the value of 'port' is not one it accepts")]
    [InlineData("PostgreSql", "Host=db1:5432,db2:65536;Username=u;Password=hunter2-secret;Database=d", "is not a valid PostgreSQL connection string (the value of 'port' is not one it accepts")]
    [InlineData("PostgreSql", "Username=u;Password=hunter2-secret;Database=d", "has no Host for PostgreSQL")]
    [InlineData("PostgreSql", "Host= ;Username=u;Password=hunter2-secret;Database=d", "has no Host for PostgreSQL")]
    [InlineData("Sqlite", "Data Source=", "has no Data Source (the SQLite file)")]
    [InlineData("Sqlite", "Data Source=;Password=hunter2-secret", "has no Data Source (the SQLite file)")]
    // found by an independent edge probe: exit 1, "PostgreSQL at db:5432 has no database ''", and `createdb -O u ` as the fix
    [InlineData("PostgreSql", "Host=db;Username=u;Password=hunter2-secret;Database=", "has an empty Database= for PostgreSQL")]
    [InlineData("PostgreSql", "Host=db;Username=u;Password=hunter2-secret;DB= ", "has an empty Database= for PostgreSQL")]
    public void A_string_that_parses_but_names_no_server_port_or_file_is_refused(string provider, string connectionString, string expected)
    {
        var failure = Assert.Single(Failures(provider, connectionString));

        Assert.StartsWith($"ConnectionStrings:Database {expected}", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=data/x.db;Mode=Memory")]
    [InlineData("Data Source=file::memory:?cache=shared")]
    [InlineData("Data Source=file:x.db?mode=memory&cache=shared")]
    public void An_in_memory_SQLite_database_is_refused(string connectionString)
    {
        // found by an independent edge probe: accepted, each connection opened an empty database of its own, so migrate
        // reported "SQLite file '…/:memory:': 9 migration(s) applied", sweep then failed with a stack ("no such table"),
        // and run logged that error on every query
        var failure = Assert.Single(Failures("Sqlite", connectionString));

        Assert.StartsWith("ConnectionStrings:Database names an in-memory SQLite database", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SQLite_password_is_refused_without_showing_it()
    {
        // found by an independent edge probe: exit 1 at the first open with the library's words ("… 'e_sqlite3' doesn't
        // support encryption") and "run again with --verbose", a runtime failure for a setting that can never work
        var failure = Assert.Single(Failures("Sqlite", "Data Source=data/x.db;Password=hunter2-secret"));

        Assert.StartsWith("ConnectionStrings:Database gives a Password", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", failure, StringComparison.Ordinal);
        Assert.Empty(Failures("Sqlite", "Data Source=data/x.db;Password="));
        Assert.Empty(Failures("Sqlite", "Data Source=file:data/x.db?cache=shared"));
    }

    [Theory]
    // found by an independent edge probe: accepted
    [InlineData("Data Source=data/x.db;Default Timeout=-5", -5)]
    [InlineData("Data Source=data/x.db;Command Timeout=-1;Password=", -1)]
    public void A_negative_SQLite_timeout_is_refused_naming_it(string connectionString, int timeout)
    {
        var failure = Assert.Single(Failures("Sqlite", connectionString));

        Assert.StartsWith($"ConnectionStrings:Database has a negative Default Timeout ({timeout}; also written Command Timeout): ", failure, StringComparison.Ordinal);
        Assert.Empty(Failures("Sqlite", "Data Source=data/x.db;Default Timeout=0"));
        Assert.Empty(Failures("Sqlite", "Data Source=data/x.db;Command Timeout=60"));
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
    [InlineData("PostgreSql", "Host=db;Port=5432;Username=u;Password=p")]
    [InlineData("PostgreSql", "Host=db;Username=u;Password=\"a;db=b\"")] // a review: taken for an empty Database=
    [InlineData("PostgreSql", "Host=db1:5433,[::1]:5434,db3;Username=u;Password=p;Database=d")]
    [InlineData("SqlServer", "Server=db;Database=d;User Id=u;Password=p;TrustServerCertificate=true")]
    public void A_valid_connection_string_has_no_failure(string provider, string connectionString) =>
        Assert.Empty(Failures(provider, connectionString));

    private static IEnumerable<string> Failures(string provider, string connectionString)
    {
        var database = Enum.Parse<DatabaseProvider>(provider);
        return DatabaseDialect.For(database).ConnectionStringFailures(new DatabaseOptions { Provider = database, ConnectionString = connectionString });
    }
}
