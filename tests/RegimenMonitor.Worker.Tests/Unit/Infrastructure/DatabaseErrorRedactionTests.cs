using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// Database errors that quote row values (SQL Server's messages, PostgreSQL's DETAIL) reach no log with the values:
/// not in the exception, not in the message EF Core builds from it, not in the fields a structured sink exports.
/// </summary>
public sealed class DatabaseErrorRedactionTests
{
    private const string Secret = "PT-SECRET-20417";

    [Theory]
    // SQL Server 2627 and 2601 (the texts SQL Server sends, with our tables)
    [InlineData("Violation of UNIQUE KEY constraint 'ix_patients_patient_ref'. Cannot insert duplicate key in object 'dbo.patients'. The duplicate key value is (PT-SECRET-20417).",
        "Violation of UNIQUE KEY constraint 'ix_patients_patient_ref'. Cannot insert duplicate key in object 'dbo.patients'. The duplicate key value is (not logged: it may hold patient data).")]
    [InlineData("Cannot insert duplicate key row in object 'dbo.regimen_items' with unique index 'ix_regimen_items_patient_id_kind_item_key'. The duplicate key value is (12, 0, D-PT-SECRET-20417). The statement has been terminated.",
        "Cannot insert duplicate key row in object 'dbo.regimen_items' with unique index 'ix_regimen_items_patient_id_kind_item_key'. The duplicate key value is (not logged: it may hold patient data).")]
    // SQL Server 2628
    [InlineData("String or binary data would be truncated in table 'regimen.dbo.regimen_items', column 'product_text'. Truncated value: 'Zoloft PT-SECRET-20417'.",
        "String or binary data would be truncated in table 'regimen.dbo.regimen_items', column 'product_text'. Truncated value: (not logged: it may hold patient data).")]
    // SQL Server 245
    [InlineData("Conversion failed when converting the nvarchar value 'PT-SECRET-20417' to data type int.",
        "Conversion failed when converting the nvarchar value (not logged: it may hold patient data) to data type int.")]
    // PostgreSQL with Include Error Detail, as Npgsql writes the message
    [InlineData("23505: duplicate key value violates unique constraint \"ix_patients_patient_ref\"\n\nDETAIL: Key (patient_ref)=(PT-SECRET-20417) already exists.",
        "23505: duplicate key value violates unique constraint \"ix_patients_patient_ref\"\n\nDETAIL: (not logged: it may hold patient data)")]
    [InlineData("22P02: invalid input syntax for type uuid: \"PT-SECRET-20417\"",
        "22P02: invalid input syntax for type uuid: (not logged: it may hold patient data)")]
    public void Row_values_are_taken_out_and_the_error_is_kept(string message, string expected) =>
        Assert.Equal(expected, DatabaseErrorRedaction.Redact(message));

    [Theory]
    [InlineData("23505: duplicate key value violates unique constraint \"t_pkey\"\n\nDETAIL: Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information.")]
    [InlineData("22001: value too long for type character varying(64)")]
    [InlineData("SQLite Error 19: 'UNIQUE constraint failed: patients.patient_ref'.")]
    [InlineData("The INSERT statement conflicted with the FOREIGN KEY constraint \"fk_findings_patients\". The conflict occurred in database \"regimen\", table \"dbo.patients\", column 'id'.")]
    public void Errors_that_quote_no_value_are_unchanged(string message) =>
        Assert.Equal(message, DatabaseErrorRedaction.Redact(message));

    [Fact]
    public void A_SQL_Server_duplicate_key_logged_by_EF_Core_and_MassTransit_keeps_its_number_but_not_the_patient_id()
    {
        var sql = SqlServerError(2627, $"Violation of UNIQUE KEY constraint 'ix_patients_patient_ref'. Cannot insert duplicate key in object 'dbo.patients'. The duplicate key value is ({Secret}).");
        var saving = new Microsoft.EntityFrameworkCore.DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", sql);
        var captured = new LogCapture();
        using var provider = Logging(captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();

        // EF Core writes the whole exception into its message and into a field, as SaveChangesFailed does
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Update").Log(LogLevel.Error, new EventId(10000, "SaveChangesFailed"),
            new Fields([new("contextType", typeof(object)), new("error", saving.ToString()), new("{OriginalFormat}", "An exception occurred in the database while saving changes for context type '{contextType}'.{error}")]),
            saving, (_, e) => $"An exception occurred in the database while saving changes for context type 'RegimenDbContext'.{Environment.NewLine}{e}");
        factory.CreateLogger("MassTransit.ReceiveTransport").Log(LogLevel.Error, default, "R-FAULT rabbitmq://localhost/regimen-monitor.medication-dispensed", saving, (s, _) => s);
        factory.CreateLogger("RegimenMonitor.Worker.Regimens.RegimenWriter").Log(LogLevel.Warning, default, "write failed", new AggregateException(saving), (s, _) => s);

        Assert.Equal(3, captured.Entries.Count);
        foreach (var entry in captured.Entries)
        {
            Assert.DoesNotContain(Secret, entry.Text, StringComparison.Ordinal);
            Assert.Contains("The duplicate key value is (not logged: it may hold patient data).", entry.Text, StringComparison.Ordinal);
            Assert.Contains("Microsoft.Data.SqlClient.SqlException", entry.Text, StringComparison.Ordinal);
            Assert.Contains("ix_patients_patient_ref", entry.Text, StringComparison.Ordinal);
            Assert.NotNull(entry.Exception);
            Assert.DoesNotContain(Secret, entry.Exception!.Message, StringComparison.Ordinal);
        }

        var ef = captured.Entries.First();
        Assert.Equal(LogLevel.Error, ef.Level);
        Assert.StartsWith("An exception occurred in the database while saving changes", ef.Message, StringComparison.Ordinal);
        Assert.Contains(ef.Fields, f => f.Key == "{OriginalFormat}");
        Assert.Contains(ef.Fields, f => f.Key == "contextType" && ReferenceEquals(f.Value, typeof(object)));
    }

    [Fact]
    public void An_entry_without_a_value_to_take_out_passes_unchanged()
    {
        var captured = new LogCapture();
        using var provider = Logging(captured);
        var postgres = new Npgsql.PostgresException("duplicate key value violates unique constraint \"t_pkey\"", "ERROR", "ERROR", "23505");
        provider.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.EntityFrameworkCore.Update")
            .Log(LogLevel.Error, default, "saving failed", postgres, (s, _) => s);

        Assert.Same(postgres, Assert.Single(captured.Entries).Exception);
    }

    [Fact]
    public void A_PostgreSQL_error_with_its_detail_is_logged_without_it()
    {
        var postgres = new Npgsql.PostgresException("duplicate key value violates unique constraint \"ix_patients_patient_ref\"", "ERROR", "ERROR", "23505",
            detail: $"Key (patient_ref)=({Secret}) already exists.");
        Assert.Contains(Secret, postgres.ToString(), StringComparison.Ordinal); // what Npgsql writes when the detail is included
        var captured = new LogCapture();
        using var provider = Logging(captured);
        provider.GetRequiredService<ILoggerFactory>().CreateLogger("MassTransit").Log(LogLevel.Error, default, "R-FAULT", postgres, (s, _) => s);

        var entry = Assert.Single(captured.Entries);
        Assert.DoesNotContain(Secret, entry.Text, StringComparison.Ordinal);
        Assert.Contains("23505", entry.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_readiness_check_with_a_database_error_is_logged_without_its_values()
    {
        // found by a review: the health check's entry is written without its exception (its stack goes to Debug), so
        // the redacting logger no longer saw that it held row values
        var postgres = new Npgsql.PostgresException("duplicate key value violates unique constraint \"ix_patients_patient_ref\"", "ERROR", "ERROR", "23505",
            detail: $"Key (patient_ref)=({Secret}) already exists.");
        var captured = new LogCapture();
        using var provider = Logging(captured);
        provider.GetRequiredService<ILoggerFactory>().CreateLogger(RejectionLogDemotion.HealthCheckCategory)
            .Log(LogLevel.Error, new EventId(103), "Health check database with status Unhealthy", postgres, (s, e) => $"{s}: {e}");

        var entry = Assert.Single(captured.Entries, e => e.Level == LogLevel.Warning);
        Assert.Null(entry.Exception);
        Assert.DoesNotContain(Secret, entry.Text, StringComparison.Ordinal);
        Assert.StartsWith("Health check database with status Unhealthy", entry.Text, StringComparison.Ordinal);
    }

    /// <summary>A SqlException as SqlClient raises it (it has no public constructor).</summary>
    private static SqlException SqlServerError(int number, string message)
    {
        const BindingFlags Any = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
        var error = (SqlError)typeof(SqlError).GetConstructors(Any)
            .OrderByDescending(c => c.GetParameters().Length)
            .Select(c => c.Invoke([.. c.GetParameters().Select(p => Argument(p, number, message))]))
            .First();
        var errors = (SqlErrorCollection)typeof(SqlErrorCollection).GetConstructors(Any).Single(c => c.GetParameters().Length == 0).Invoke(null);
        typeof(SqlErrorCollection).GetMethod("Add", Any)!.Invoke(errors, [error]);
        var create = typeof(SqlException).GetMethods(Any).Where(m => m.Name == "CreateException")
            .OrderBy(m => m.GetParameters().Length).First(m => m.GetParameters()[0].ParameterType == typeof(SqlErrorCollection));
        var exception = (SqlException)create.Invoke(null, [.. create.GetParameters().Select(p => p.ParameterType == typeof(SqlErrorCollection) ? errors : p.ParameterType == typeof(string) ? "16.0" : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null)])!;
        Assert.Equal(number, exception.Number);
        Assert.Contains(Secret, exception.Message, StringComparison.Ordinal);
        return exception;
    }

    private static object? Argument(ParameterInfo parameter, int number, string message) => parameter.Name switch
    {
        "infoNumber" => number,
        "errorMessage" => message,
        "server" => "db",
        "procedure" => string.Empty,
        "errorClass" => (byte)14,
        "errorState" => (byte)1,
        _ => parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null,
    };

    private static ServiceProvider Logging(LogCapture captured)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(captured));
        services.AddRejectionLogDemotion();
        return services.BuildServiceProvider();
    }

    private sealed class Fields(IReadOnlyList<KeyValuePair<string, object?>> fields) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
