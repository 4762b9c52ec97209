using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Configuration;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Turns an exception that ends a verb into what a person can act on: invalid configuration (every failure, exit 2),
/// a database or broker that cannot be reached or refuses (cause and fix, exit 1), a port in use. Stack traces are
/// printed only with <c>--verbose</c>.
/// </summary>
internal static partial class CliFailure
{
    /// <summary>Prints the failure on <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception ex, string verb, DatabaseOptions? database, bool verbose, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(error);
        var explained = Explain(ex, database);
        error.WriteLine($"regimen-monitor {verb}: {explained.Message}");
        if (explained.Fix is not null)
        {
            error.WriteLine($"  fix: {explained.Fix}");
        }

        if (verbose)
        {
            error.WriteLine(ex.ToString());
        }
        else if (explained.ExitCode == ExitCodes.Failure && explained.InnerException is not null)
        {
            error.WriteLine("  (--verbose shows the full error)");
        }

        return explained.ExitCode;
    }

    public static CliException Explain(Exception ex, DatabaseOptions? database)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is CliException cli)
        {
            return cli;
        }

        if (ConfigurationErrors.Failures(ex) is { } failures)
        {
            return new CliException(ConfigurationErrors.Describe(failures), "correct these settings (environment variables, appsettings.json or --Section:Key=value) and run again.", ExitCodes.Usage, ex);
        }

        var chain = ServiceChecks.Chain(ex).ToList();
        if (chain.OfType<KnowledgeBaseException>().FirstOrDefault() is { } knowledge)
        {
            return new CliException($"the clinical knowledge base is invalid: {knowledge.Message}", "the build embeds a broken knowledge base; rebuild from a reviewed revision.", ExitCodes.Failure, ex);
        }

        if (chain.OfType<InvalidOperationException>().Select(e => BinderMessage().Match(e.Message)).FirstOrDefault(m => m.Success) is { } binder)
        {
            return new CliException($"configuration value '{binder.Groups["value"].Value}' of {binder.Groups["key"].Value} does not parse.",
                $"see the README's configuration table for the forms {binder.Groups["key"].Value} accepts.", ExitCodes.Usage, ex);
        }

        if (chain.Any(e => e is Microsoft.AspNetCore.Connections.AddressInUseException || (e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))))
        {
            var bind = chain.Select(e => BindMessage().Match(e.Message)).FirstOrDefault(m => m.Success);
            var address = bind is not null ? bind.Groups["address"].Value : "the health listener's address";
            return new CliException($"cannot listen on {address}: the port is already in use (another worker, or another program).",
                "set Health__Urls to a free port (e.g. Health__Urls=http://127.0.0.1:8081 or --Health:Urls=http://127.0.0.1:8081), or Health__Enabled=false to run without the health listener.",
                ExitCodes.Failure, ex);
        }

        if (chain.OfType<PostgresException>().FirstOrDefault() is { } postgres)
        {
            return Postgres(postgres, database, ex);
        }

        if (chain.OfType<NpgsqlException>().FirstOrDefault() is { } npgsql)
        {
            var target = PostgresTarget(database);
            var network = ServiceChecks.Network(chain)
                          ?? (chain.Any(e => e is TimeoutException) || npgsql.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase) ? "no answer within the connection timeout" : npgsql.Message);
            return new CliException($"cannot reach PostgreSQL at {target}: {network}.",
                "check Host and Port in ConnectionStrings__Database (PostgreSQL's default port is 5432) and that the server is running and accepts TCP connections from here.",
                ExitCodes.Failure, ex);
        }

        if (chain.OfType<Microsoft.Data.SqlClient.SqlException>().FirstOrDefault() is { } sqlServer)
        {
            return SqlServer(sqlServer, database, ex);
        }

        if (chain.OfType<SqliteException>().FirstOrDefault() is { } sqlite)
        {
            return Sqlite(sqlite, database, ex);
        }

        if (chain.OfType<UnauthorizedAccessException>().FirstOrDefault() is { } denied)
        {
            return new CliException($"permission denied: {denied.Message}",
                "run as a user that may write there, or point ConnectionStrings__Database at a writable path (e.g. Data Source=/var/lib/regimen-monitor/regimen-monitor.db).", ExitCodes.Failure, ex);
        }

        return new CliException($"{chain[^1].Message}", "run again with --verbose for the details.", ExitCodes.Failure, ex);
    }

    private static CliException Postgres(PostgresException postgres, DatabaseOptions? database, Exception ex)
    {
        var builder = Builder(database);
        var target = PostgresTarget(database);
        return postgres.SqlState switch
        {
            "28P01" or "28000" => new CliException($"PostgreSQL at {target} refused the login of user '{builder?.Username}' (wrong user name or password, or pg_hba.conf does not allow it).",
                "check Username and Password in ConnectionStrings__Database.", ExitCodes.Failure, ex),
            "3D000" => new CliException($"PostgreSQL at {target} has no database '{builder?.Database}'.",
                $"create it (`createdb -O {builder?.Username} {builder?.Database}`) or correct Database= in ConnectionStrings__Database.", ExitCodes.Failure, ex),
            "42P01" => ServiceChecks.NoSchema(),
            "42501" => new CliException($"user '{builder?.Username}' lacks a privilege on the database at {target}: {postgres.MessageText}",
                "grant the user ownership of the database (the worker creates its tables), or run `migrate` as the owner.", ExitCodes.Failure, ex),
            "53300" or "57P03" => new CliException($"PostgreSQL at {target} is not accepting connections now: {postgres.MessageText}",
                "wait for it to finish starting, or raise max_connections / lower the number of replicas.", ExitCodes.Failure, ex),
            _ => new CliException($"PostgreSQL at {target} reported: {postgres.MessageText} (SQLSTATE {postgres.SqlState}).",
                "run again with --verbose for the details.", ExitCodes.Failure, ex),
        };
    }

    private static CliException SqlServer(Microsoft.Data.SqlClient.SqlException sql, DatabaseOptions? database, Exception ex)
    {
        var target = database is null ? "the configured server" : ServiceChecks.DatabaseTarget(database);
        return sql.Number switch
        {
            18456 => new CliException($"{target} refused the login (wrong user name or password, or the login is disabled).",
                "check User Id and Password in ConnectionStrings__Database.", ExitCodes.Failure, ex),
            4060 => new CliException($"{target}: the database does not exist or the login may not open it.",
                "create the database (CREATE DATABASE regimen) and grant the login access, or correct Database= in ConnectionStrings__Database.", ExitCodes.Failure, ex),
            208 => ServiceChecks.NoSchema(),
            -2 or 53 or 2 or 40 or 10060 or 10061 or 11001 => new CliException($"cannot reach {target}: {sql.Message.Split('\n')[0].Trim()}",
                "check Server (host,port; SQL Server's default port is 1433) in ConnectionStrings__Database and that the server accepts TCP connections from here.", ExitCodes.Failure, ex),
            _ => new CliException($"{target} reported error {sql.Number}: {sql.Message.Split('\n')[0].Trim()}",
                "run again with --verbose for the details.", ExitCodes.Failure, ex),
        };
    }

    private static CliException Sqlite(SqliteException sqlite, DatabaseOptions? database, Exception ex)
    {
        var path = database is null ? "the SQLite file" : $"'{Path.GetFullPath(new SqliteConnectionStringBuilder(database.EffectiveConnectionString).DataSource)}'";
        if (sqlite.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
        {
            return ServiceChecks.NoSchema();
        }

        return sqlite.SqliteErrorCode switch
        {
            14 => new CliException($"cannot open the SQLite database {path} (missing directory or no permission to write there).",
                "point ConnectionStrings__Database at a writable path (e.g. 'Data Source=/var/lib/regimen-monitor/regimen-monitor.db'), or make the directory writable for this user.", ExitCodes.Failure, ex),
            26 => new CliException($"{path} is not a SQLite database.",
                "point ConnectionStrings__Database at the worker's database file, or set Database__Provider=PostgreSql for a PostgreSQL connection string.", ExitCodes.Failure, ex),
            5 or 6 => new CliException($"the SQLite database {path} is locked by another process.",
                "SQLite allows one writer: stop the other process (a running worker?), or use PostgreSQL for several processes.", ExitCodes.Failure, ex),
            8 => new CliException($"the SQLite database {path} is read-only for this user.",
                "make the file and its directory writable for this user.", ExitCodes.Failure, ex),
            _ => new CliException($"SQLite error on {path}: {sqlite.Message}", "run again with --verbose for the details.", ExitCodes.Failure, ex),
        };
    }

    private static NpgsqlConnectionStringBuilder? Builder(DatabaseOptions? database)
    {
        if (database is not { Provider: DatabaseProvider.PostgreSql })
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string PostgresTarget(DatabaseOptions? database) =>
        Builder(database) is { } b ? $"{b.Host}:{b.Port} (database '{b.Database}')" : "the configured server";

    [GeneratedRegex("Failed to convert configuration value '(?<value>[^']*)' at '(?<key>[^']*)'")]
    private static partial Regex BinderMessage();

    [GeneratedRegex("Failed to bind to address (?<address>\\S+?):? ")]
    private static partial Regex BindMessage();
}
