using System.Globalization;
using System.Text;

namespace RegimenMonitor.LoadDriver.Reporting;

/// <summary>The human summary: both phases side by side, the ratio, latencies, alerts, memory, CPU split and goals.</summary>
internal static class ReportPrinter
{
    public static string Format(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var m = report.Machine;
        Line(text, $"machine: {m.Cores} cores ({m.CpuModel}), {m.MemoryMb:N0} MB, {m.Os}, {m.DotNet}");
        Line(text, $"services: RabbitMQ {m.RabbitMq} (Erlang {m.Erlang}), PostgreSQL {m.PostgreSql}; load average {m.LoadAverageAtStart} → {m.LoadAverageAtEnd}");
        var p = report.Parameters;
        Line(text, $"mix: {p.Mix}" + (p.HistoryEvents > 0 ? $", {p.HistoryEvents:N0} history events written before measuring" : string.Empty) + $"; database: {p.DatabaseSetup}");
        Line(text, $"events: {p.Events:N0} over {p.Patients:N0} patients ({string.Join(", ", p.EventMix.Select(kv => $"{kv.Value:N0} {kv.Key}"))}; "
            + $"{p.AlertingCombinations:N0} alerting combinations), {p.AverageBodyBytes:N0} B average body, warm-up {p.WarmupEvents:N0}, "
            + $"{(p.QuorumQueues ? "quorum" : "classic")} queues, prefetch {Value(p.WorkerEnvironment, "Messaging__PrefetchCount", "worker default (1024)")}, "
            + $"concurrency {Value(p.WorkerEnvironment, "Messaging__ConcurrentMessageLimit", "worker default (512)")}");
        Line(text, string.Empty);
        Line(text, $"{"",-34}{"raw broker baseline",22}{"pipeline",22}{"pipeline/baseline",20}");
        var b = report.Baseline;
        var t = report.Pipeline;
        Line(text, $"{"throughput (per second)",-34}{Num(b?.MessagesPerSecond),22}{Num(t?.EventsPerSecond),22}{(report.Ratio is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "-"),20}");
        Line(text, $"{"  steady 10-90 % (per second)",-34}{"",22}{Num(t?.SteadyEventsPerSecond),22}");
        Line(text, $"{"  first half / second half (per s)",-34}{"",22}{(t is null ? "-" : $"{Num(t.FirstHalfEventsPerSecond)} / {Num(t.SecondHalfEventsPerSecond)}"),22}");
        Line(text, $"{"  while / after publishing (per s)",-34}{"",22}{(t is null ? "-" : $"{Num(t.WhilePublishingEventsPerSecond)} / {Num(t.AfterPublishingEventsPerSecond)}"),22}"
            + (t is null ? string.Empty : $"  (publishing: the first {t.PublishingSeconds:N1} s)"));
        Line(text, $"{"  first publish → last ack/commit",-34}{Sec(b?.Seconds),22}{Sec(t?.Seconds),22}");
        Line(text, $"{"publish with confirms (per second)",-34}{Num(b?.PublishPerSecond),22}{Num(t?.PublishPerSecond),22}");
        Line(text, $"{"RabbitMQ CPU per message/event",-34}{Us(b?.Cpu?.RabbitMqMicrosecondsPerEvent),22}{Us(t?.Cpu.RabbitMqMicrosecondsPerEvent),22}");
        Line(text, $"{"machine CPU busy",-34}{Pct(b?.Cpu?.MachineBusyPercent),22}{Pct(t?.Cpu.MachineBusyPercent),22}");
        if (t is not null)
        {
            Line(text, $"{"max queue backlog",-34}{"",22}{t.MaxQueueBacklog,22:N0}");
            Line(text, $"{"worker CPU per event",-34}{"",22}{Us(t.Cpu.WorkerMicrosecondsPerEvent),22}");
            Line(text, $"{"  of which JIT (s)",-34}{"",22}{t.Cpu.WorkerJitSeconds,22:N1}");
            Line(text, $"{"database backends CPU per event",-34}{"",22}{Us(t.Cpu.DatabaseBackendMicrosecondsPerEvent),22}");
            Line(text, $"{"CPU s: worker/db/all pg/rabbit/driver",-34}{"",22}{$"{t.Cpu.WorkerSeconds:N1}/{t.Cpu.DatabaseBackendSeconds:N1}/{t.Cpu.PostgresAllSeconds:N1}/{t.Cpu.RabbitMqSeconds:N1}/{t.Cpu.DriverSeconds:N1}",22}");
            var d = t.Database;
            Line(text, $"{"per event: commits/rollbacks/stmts",-34}{"",22}{$"{d.CommitsPerEvent:N2}/{d.RollbacksPerEvent:N2}/{(d.StatementsPerEvent is { } s ? s.ToString("N1", CultureInfo.InvariantCulture) : "?")}",22}");
            if (t.ErrorQueueMessages > 0)
            {
                Line(text, $"{"messages in _error queues",-34}{"",22}{t.ErrorQueueMessages,22:N0}");
            }
        }

        Line(text, string.Empty);
        if (report.Latency is { } l)
        {
            Line(text, $"fixed rate: {l.OfferedRate:N0} events/s offered for {p.DurationSeconds:N0} s ({l.Events:N0} events; achieved {l.AchievedPublishRate:N0}/s, "
                + $"max {l.MaxScheduleLagMs:N0} ms behind schedule); commit time from {l.CommitTimeSource}");
            if (l.PublishToCommitMs is { } ms)
            {
                Line(text, $"  publish → commit: p50 {ms.P50:N1} ms, p95 {ms.P95:N1} ms, p99 {ms.P99:N1} ms, max {ms.Max:N1} ms");
            }

            if (l.SlowSeconds is { } slow)
            {
                Line(text, $"  {slow.Describe()}");
            }

            if (l.WalFlushWaits is { } wal)
            {
                Line(text, $"  worker statements waiting for the WAL flush: {wal.Describe()}");
            }

            Line(text, $"  worker {l.Cpu.WorkerCores:N2} cores ({Us(l.Cpu.WorkerMicrosecondsPerEvent)} per event), max backlog {l.MaxQueueBacklog:N0}, machine {l.Cpu.MachineBusyPercent:N0} % busy");
            Line(text, $"  time to alert: {l.TimeToAlert.Describe()}");
        }

        if (t is not null)
        {
            Line(text, $"time to alert (throughput run): {t.TimeToAlert.Describe()}");
        }

        if (report.WorkerMemory is { } mem)
        {
            Line(text, $"worker memory: peak {mem.PeakHwmMb:N0} MB (VmHWM); RSS after start {mem.RssAfterStartMb:N0} MB, mean {mem.MeanRssThroughputMb:N0} MB under throughput"
                + (report.Latency is null ? string.Empty : $", {mem.MeanRssLatencyMb:N0} MB at the fixed rate"));
        }

        Line(text, string.Empty);
        foreach (var goal in report.Goals)
        {
            Line(text, $"{(goal.Met switch { true => "MET   ", false => "MISSED", null => "-     " })} {goal.Goal}: {goal.Actual}");
        }

        foreach (var note in report.Notes)
        {
            Line(text, "note: " + note);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Value(IReadOnlyDictionary<string, string> variables, string key, string fallback) =>
        variables.TryGetValue(key, out var value) ? value : fallback;

    private static string Num(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    private static string Sec(double? value) => value is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) + " s" : "-";

    private static string Pct(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Us(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) + " µs" : "-";
}
