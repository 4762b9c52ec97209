using System.Diagnostics;

namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>
/// CPU seconds used so far by the worker, the PostgreSQL backends serving the bench database, every postgres process,
/// the RabbitMQ node (beam.smp), the driver itself, and the whole machine. The worker's JIT (its tiered compilation
/// thread) is counted apart: it is start-up cost, not per-event cost. Two snapshots give a phase's CPU split; on a
/// shared machine the postgres and RabbitMQ totals include other users' work, the per-database backends do not.
/// </summary>
internal sealed record CpuSnapshot(
    long Timestamp, double Worker, double WorkerJit, IReadOnlyDictionary<int, double> Backends, double PostgresAll, double RabbitMq, double Driver, double MachineBusy,
    double MachineTotal)
{
    /// <summary>The runtime's tiered compilation thread (".NET Tiered Compilation Worker", cut to 15 characters by Linux).</summary>
    public const string JitThreadName = ".NET Tiered Com";

    /// <param name="workerPid">0 when no worker runs (the baseline).</param>
    /// <param name="backendPids">The PostgreSQL backends serving the worker.</param>
    /// <param name="workerJitSeconds">The worker's JIT CPU so far, from <see cref="MemorySampler.JitSeconds"/> (the runtime ends
    /// and recreates its tiered compilation thread, so only a sampler that follows it gives a monotonic figure).</param>
    public static CpuSnapshot Take(int workerPid, IReadOnlyList<int> backendPids, double workerJitSeconds)
    {
        ArgumentNullException.ThrowIfNull(backendPids);
        var backends = new Dictionary<int, double>();
        foreach (var pid in backendPids)
        {
            if (ProcFs.CpuSeconds(pid) is { } seconds)
            {
                backends[pid] = seconds;
            }
        }

        var (busy, total) = ProcFs.MachineCpu();
        return new CpuSnapshot(
            Stopwatch.GetTimestamp(),
            workerPid > 0 ? ProcFs.CpuSeconds(workerPid) ?? 0 : 0,
            workerJitSeconds,
            backends,
            ProcFs.PidsNamed("postgres").Sum(p => ProcFs.CpuSeconds(p) ?? 0),
            ProcFs.PidsNamed("beam.smp").Sum(p => ProcFs.CpuSeconds(p) ?? 0),
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            busy,
            total);
    }

    /// <summary>CPU used between <paramref name="start"/> and this snapshot, per <paramref name="events"/> where useful.</summary>
    public CpuUsage Since(CpuSnapshot start, int events)
    {
        ArgumentNullException.ThrowIfNull(start);
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        var backends = Backends.Sum(b => b.Value - start.Backends.GetValueOrDefault(b.Key));
        var worker = Worker - start.Worker;
        var machineTotal = MachineTotal - start.MachineTotal;
        return new CpuUsage
        {
            WallSeconds = Math.Round(wall, 2),
            WorkerSeconds = Math.Round(worker, 2),
            WorkerCores = Math.Round(worker / wall, 2),
            WorkerMicrosecondsPerEvent = events > 0 ? Math.Round(worker * 1e6 / events) : null,
            WorkerJitSeconds = Math.Round(WorkerJit - start.WorkerJit, 2),
            DatabaseBackendSeconds = Math.Round(backends, 2),
            DatabaseBackendMicrosecondsPerEvent = events > 0 ? Math.Round(backends * 1e6 / events) : null,
            PostgresAllSeconds = Math.Round(PostgresAll - start.PostgresAll, 2),
            RabbitMqSeconds = Math.Round(RabbitMq - start.RabbitMq, 2),
            RabbitMqMicrosecondsPerEvent = events > 0 ? Math.Round((RabbitMq - start.RabbitMq) * 1e6 / events) : null,
            DriverSeconds = Math.Round(Driver - start.Driver, 2),
            MachineBusyPercent = machineTotal > 0 ? Math.Round(100 * (MachineBusy - start.MachineBusy) / machineTotal, 1) : 0,
        };
    }
}

/// <summary>CPU split of one phase (seconds of CPU; "cores" = CPU seconds per wall second).</summary>
internal sealed record CpuUsage
{
    public required double WallSeconds { get; init; }

    public required double WorkerSeconds { get; init; }

    public required double WorkerCores { get; init; }

    public double? WorkerMicrosecondsPerEvent { get; init; }

    /// <summary>Part of <see cref="WorkerSeconds"/> spent by the JIT's tiered compilation thread.</summary>
    public double WorkerJitSeconds { get; init; }

    public required double DatabaseBackendSeconds { get; init; }

    public double? DatabaseBackendMicrosecondsPerEvent { get; init; }

    public required double PostgresAllSeconds { get; init; }

    public required double RabbitMqSeconds { get; init; }

    public double? RabbitMqMicrosecondsPerEvent { get; init; }

    public required double DriverSeconds { get; init; }

    public required double MachineBusyPercent { get; init; }
}
