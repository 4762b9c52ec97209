using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The group's statements keep index-based plans on a fresh database that has rows but no planner statistics (never
/// analysed: autovacuum is off for the tables, and the test checks that no statistics exist when it explains). The
/// statements are the ones the worker really issues: a real group of 256 changes goes through RegimenStore while an EF
/// interceptor records every command with its parameters; the set-based writes come from PostgreSqlDialect.Statements for a
/// group's writes. Each is explained with the same parameter values. Deterministic: plans, not timings.
/// </summary>
public sealed class FreshDatabasePlanTests : IAsyncLifetime
{
    private const int Patients = 5_000;
    private const int ItemsPerPatient = 8;
    private static readonly string[] HotTables = ["patients", "regimen_items", "processed_events", "findings"];
    private static readonly string[] UpdatedTables = ["patients", "regimen_items"];

    private readonly CommandCapture _capture = new();
    private PostgresTestDatabase _database = null!;
    private IHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = _database.ConnectionString,
        });
        builder.Services.ConfigureDbContext<RegimenDbContext>(o => o.AddInterceptors(_capture));
        _host = builder.Build();
        await _host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        await SeedWithoutStatisticsAsync();
        await CompactHalfTheHistoriesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_group_reads_probe_indexes_without_statistics()
    {
        var now = DateTimeOffset.UtcNow;
        // a full group as the writer builds it: new dispenses of known patients, corrections of stored dispenses,
        // first events of new patients
        var changes = new List<RegimenChange>();
        for (var i = 0; i < 256; i++)
        {
            var (patient, dispense) = i switch
            {
                < 200 => ($"PT-{i * 17 % Patients}", $"NEW-{i}"),
                < 240 => ($"PT-{i * 31 % Patients}", "D-1"),
                _ => ($"PT-new-{i}", $"NEW-{i}"),
            };
            changes.Add(EventMapper.Map(new MedicationDispensed
            {
                EventId = Guid.NewGuid(), PatientId = patient, DispenseId = dispense, DispensedAt = now.AddDays(-i % 20),
                Medication = new MedicationProduct { Text = i % 3 == 0 ? "Zoloft 50 mg tablet" : "Lisinopril 10 mg tablet" }, DaysSupply = 30,
            }, 30));
        }

        _capture.Enabled = true;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(changes, [.. changes.Select(_ => default(System.Diagnostics.ActivityContext))], Ct);
            Assert.All(results, r => Assert.Equal(ApplyOutcome.Applied, r.Outcome));
        }

        _capture.Enabled = false;
        var reads = _capture.Commands.Where(c => c.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)).ToList();
        // inbox, patients, live items, findings; for patients with a compacted history the group's keys that are not
        // live (HistoryReads), and the compacted items of the ingredients of the compacted dispenses D-1 corrected
        Assert.Equal(6, reads.Count);

        var plans = new List<(string Sql, List<PlanNode> Nodes)>();
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        // the reads (EF's own INSERTs of new patients, findings and outbox rows address rows by key, and a batched
        // INSERT cannot be explained without executing its second statement)
        foreach (var command in reads)
        {
            plans.Add((command.Sql, await ExplainAsync(connection, command.Sql, command.Parameters)));
        }

        await AssertNoStatisticsAsync(connection);
        foreach (var (sql, nodes) in plans)
        {
            Assert.True(!nodes.Any(n => n.Type == "Seq Scan" && HotTables.Contains(n.Relation)), $"sequential scan in the plan of:\n{sql}\n{Describe(nodes)}");
        }

        // and each hot table was read through an index, so the assertion above is not vacuous
        var indexed = plans.SelectMany(p => p.Nodes).Where(n => n.ReadsThroughIndex).Select(n => n.Relation!).ToHashSet();
        Assert.Empty(HotTables.Except(indexed));
    }

    [Fact]
    public async Task The_set_based_writes_probe_indexes_without_statistics()
    {
        var now = DateTimeOffset.UtcNow;
        var writes = new RegimenWrites();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var refs = Enumerable.Range(0, 256).Select(i => $"PT-{i * 19 % Patients}").ToArray();
            var patients = await GroupReads.PatientsAsync(db, refs, Ct);
            await HistoryReads.ReadItemsAsync(db, patients.Values, new HistoryPlan(), fromCache: null, Ct);
            Assert.Equal(256, patients.Count);
            foreach (var patient in patients.Values)
            {
                // a replaced item, a new item, a version bump and an inbox row per patient, as a group writes them
                var item = patient.Items[0];
                item.Status = "entered-in-error";
                item.Withdrawn = true;
                writes.ItemWritten(item);
                writes.ItemWritten(new RegimenItemRecord
                {
                    PatientId = patient.Id, Kind = "medication", ItemKey = "W-" + patient.Id, Status = "completed", ProductText = "Zoloft 50 mg tablet",
                    StartedAt = now, DaysSupply = 30, EffectiveAt = now, SourceEventId = Guid.NewGuid(), UpdatedAt = now,
                });
                writes.Bump(patient, now);
                writes.Events.Add(new ProcessedEvent { EventId = Guid.NewGuid(), EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = now });
            }
        }

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var statements = PostgreSqlDialect.Statements(writes);
        Assert.Equal(4, statements.Count);
        var plans = new List<(string Sql, List<PlanNode> Nodes)>();
        foreach (var (sql, arrays) in statements)
        {
            plans.Add((sql, await ExplainAsync(connection, sql, [.. arrays.Select(a => new NpgsqlParameter { Value = a })])));
        }

        await AssertNoStatisticsAsync(connection);
        foreach (var (sql, nodes) in plans)
        {
            Assert.True(!nodes.Any(n => n.Type == "Seq Scan" && HotTables.Contains(n.Relation)), $"sequential scan in the plan of:\n{sql}\n{Describe(nodes)}");
        }

        // the two UPDATEs find their rows through the primary keys
        var indexed = plans.SelectMany(p => p.Nodes).Where(n => n.ReadsThroughIndex).Select(n => n.Relation!).ToHashSet();
        Assert.Empty(UpdatedTables.Except(indexed));
    }

    [Fact]
    public async Task The_join_the_group_read_replaced_scans_the_items_on_the_same_database()
    {
        // the control: the former shape (patients joined to their items, patient_ref = ANY) on this very database plans
        // a sequential scan of regimen_items, so the database above really lacks what the planner needs
        var refs = Enumerable.Range(0, 256).Select(i => $"PT-{i * 19 % Patients}").ToArray();
        _capture.Enabled = true;
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var read = await db.Patients.AsNoTracking().Include(p => p.Items).AsSingleQuery().Where(p => refs.Contains(p.PatientRef)).ToListAsync(Ct);
            Assert.Equal(256 * ItemsPerPatient, read.Sum(p => p.Items.Count));
        }

        _capture.Enabled = false;
        var join = _capture.Commands.Last();
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var nodes = await ExplainAsync(connection, join.Sql, join.Parameters);
        await AssertNoStatisticsAsync(connection);
        Assert.Contains(nodes, n => n.Type == "Seq Scan" && n.Relation == "regimen_items");
    }

    // every other patient has a history summary (current rule set, cutoff 60 days ago) that compacts all its items but D-2
    // (through its highest item id, keeping D-2's)
    private async Task CompactHalfTheHistoriesAsync()
    {
        var summary = new RegimenHistory
        {
            Version = 1, // the seeded patients' version
            Cutoff = DateTimeOffset.UtcNow.AddDays(-60), NormalisedWith = _host.Services.GetRequiredService<RegimenEvaluator>().Stamp,
            Through = 0, Kept = [], Runs = [],
        };
        var parts = summary.ToJson().Split("\"through\":0,\"kept\":[]");
        Assert.Equal(2, parts.Length);
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            UPDATE patients p SET history_json = $1
                || '"through":' || (SELECT max(id) FROM regimen_items WHERE patient_id = p.id)
                || ',"kept":[' || coalesce((SELECT string_agg(id::text, ',') FROM regimen_items WHERE patient_id = p.id AND item_key = 'D-2'), '') || ']'
                || $2
            WHERE id % 2 = 0
            """, connection) { Parameters = { new() { Value = parts[0] }, new() { Value = parts[1] } } };
        Assert.True(await command.ExecuteNonQueryAsync(Ct) > 0);
    }

    private async Task SeedWithoutStatisticsAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var sql = string.Join(";\n", HotTables.Select(t => $"ALTER TABLE {t} SET (autovacuum_enabled = false)")) + $$"""
            ;
            INSERT INTO patients (patient_ref, surrogate_key, version, created_at, updated_at)
            SELECT 'PT-' || g, gen_random_uuid(), 1, now(), now() FROM generate_series(0, {{Patients - 1}}) g;
            INSERT INTO regimen_items (patient_id, kind, item_key, status, withdrawn, product_text, started_at, days_supply,
                days_supply_assumed, effective_at, source_event_id, updated_at)
            SELECT p.id, 'medication', 'D-' || n, 'completed', false,
                (ARRAY['Lisinopril 10 mg tablet', 'Metformin 500 mg tablet', 'Atorvastatin 20 mg tablet', 'Amlodipine 5 mg tablet'])[1 + n % 4],
                now() - (n * 30 || ' days')::interval, 30, false, now() - (n * 30 || ' days')::interval, gen_random_uuid(), now()
            FROM patients p CROSS JOIN generate_series(1, {{ItemsPerPatient}}) n;
            INSERT INTO processed_events (event_id, event_type, outcome, processed_at)
            SELECT gen_random_uuid(), 'medication-dispensed', 'applied', now() FROM generate_series(1, {{Patients * ItemsPerPatient}});
            INSERT INTO findings (patient_id, fingerprint, alert_id, rule_id, concern, severity, severity_rank, state, since, raised_at,
                updated_at, resolved_at, rule_set_version, payload_json, last_alert_at)
            SELECT p.id, 'ABS-01|x,y|' || n, gen_random_uuid(), 'ABS-01', 'absorption', 'moderate', 1, 'resolved', now(), now(), now(), now(), 'seed', '{}', now()
            FROM patients p CROSS JOIN generate_series(1, 2) n
            """;
        await using var seed = new NpgsqlCommand(sql, connection);
        await seed.ExecuteNonQueryAsync(Ct);
        await AssertNoStatisticsAsync(connection);
    }

    private static async Task AssertNoStatisticsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = ANY($1))
                 + (SELECT count(*) FROM pg_stat_user_tables WHERE relname = ANY($1) AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = HotTables });
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    private static async Task<List<PlanNode>> ExplainAsync(NpgsqlConnection connection, string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        explain.Parameters.AddRange(parameters.ToArray());
        var json = (string)(await explain.ExecuteScalarAsync(Ct))!;
        var nodes = new List<PlanNode>();
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement[0].GetProperty("Plan"), nodes);
        return nodes;
    }

    private static void Walk(JsonElement plan, List<PlanNode> nodes)
    {
        nodes.Add(new PlanNode(
            plan.GetProperty("Node Type").GetString()!,
            plan.TryGetProperty("Relation Name", out var relation) ? relation.GetString() : null,
            plan.TryGetProperty("Index Name", out var index) ? index.GetString() : null));
        if (plan.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, nodes);
            }
        }
    }

    private static string Describe(List<PlanNode> nodes) => string.Join("\n", nodes.Select(n => $"  {n.Type} {n.Relation} {n.Index}"));

    private sealed record PlanNode(string Type, string? Relation, string? Index)
    {
        // a bitmap heap scan reads the rows its bitmap index scan (the node below it, which names no table) found
        public bool ReadsThroughIndex => Relation is not null && Type is "Index Scan" or "Index Only Scan" or "Bitmap Heap Scan";
    }

    private sealed record CapturedCommand(string Sql, List<NpgsqlParameter> Parameters);

    /// <summary>Records the commands EF sends while enabled, with copies of their parameters.</summary>
    private sealed class CommandCapture : DbCommandInterceptor
    {
        public bool Enabled { get; set; }

        public List<CapturedCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command)
        {
            if (Enabled)
            {
                lock (Commands)
                {
                    Commands.Add(new CapturedCommand(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
                }
            }
        }
    }
}
