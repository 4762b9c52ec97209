using Microsoft.Data.SqlClient;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>A fresh, empty SQL Server database for one test; dropped on dispose.</summary>
internal sealed class SqlServerTestDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private SqlServerTestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A new database on the fixture's server; skips the test when there is none (see <see cref="SqlServerFixture"/>).</summary>
    public static async Task<SqlServerTestDatabase> CreateAsync(CancellationToken ct)
    {
        var admin = await SqlServerFixture.RequireAsync(ct);
        var name = "rm_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(admin, $"CREATE DATABASE [{name}]", ct);
        var builder = new SqlConnectionStringBuilder(admin) { InitialCatalog = name, TrustServerCertificate = true };
        return new SqlServerTestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{Name}]", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
