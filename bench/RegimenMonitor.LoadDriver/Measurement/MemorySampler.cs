using System.Diagnostics;

namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>
/// Samples a process's VmRSS and VmHWM every quarter second while the run goes on, and follows the CPU of its JIT
/// (tiered compilation) threads, which the runtime ends when idle and starts again: the per-thread increases add up to
/// a monotonic <see cref="JitSeconds"/>.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(double Seconds, long RssKb)> _samples = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _lock = new();
    private long _hwmKb;
    private Dictionary<int, double> _jitThreads = [];
    private double _jitSeconds;

    public MemorySampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(LoopAsync);
    }

    public long PeakRssKb
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count == 0 ? 0 : _samples.Max(s => s.RssKb);
            }
        }
    }

    /// <summary>The kernel's high-water mark of the resident set (VmHWM) at the last sample.</summary>
    public long HighWaterMarkKb => Interlocked.Read(ref _hwmKb);

    public long LastRssKb
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count == 0 ? 0 : _samples[^1].RssKb;
            }
        }
    }

    /// <summary>Mean resident set between two moments (seconds since sampling started).</summary>
    public double MeanRssKb(double fromSeconds, double toSeconds)
    {
        lock (_lock)
        {
            var window = _samples.Where(s => s.Seconds >= fromSeconds && s.Seconds <= toSeconds).ToList();
            return window.Count == 0 ? 0 : window.Average(s => s.RssKb);
        }
    }

    /// <summary>CPU seconds of the JIT's threads since sampling started (at most one sampling period of an ended thread is missed).</summary>
    public double JitSeconds
    {
        get
        {
            lock (_lock)
            {
                SampleJit();
                return _jitSeconds;
            }
        }
    }

    public double ElapsedSeconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>One sample per second (MiB), for the JSON report.</summary>
    public IReadOnlyList<double[]> Timeline()
    {
        lock (_lock)
        {
            return [.. _samples.GroupBy(s => (int)s.Seconds).Select(g => new[] { g.Key, Math.Round(g.Max(s => s.RssKb) / 1024.0, 1) })];
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        do
        {
            if (ProcFs.Memory(_pid) is { } memory)
            {
                lock (_lock)
                {
                    _samples.Add((ElapsedSeconds, memory.RssKb));
                    SampleJit();
                }

                Interlocked.Exchange(ref _hwmKb, memory.HwmKb);
            }
        }
        while (await WaitAsync(timer));
    }

    private void SampleJit()
    {
        var threads = ProcFs.ThreadCpuSeconds(_pid, CpuSnapshot.JitThreadName);
        foreach (var (tid, seconds) in threads)
        {
            _jitSeconds += Math.Max(0, seconds - _jitThreads.GetValueOrDefault(tid));
        }

        _jitThreads = threads;
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
