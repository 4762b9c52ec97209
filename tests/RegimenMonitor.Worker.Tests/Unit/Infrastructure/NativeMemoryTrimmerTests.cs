using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Runtime;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The worker hands the native memory glibc keeps free back to the system (<see cref="NativeMemoryTrimmer"/>): the
/// pages of freed blocks are resident before a trim and not after it, which <c>mincore</c> tells page by page.
/// </summary>
public sealed class NativeMemoryTrimmerTests
{
    private const int BlockSize = 16 * 1024; // below glibc's mmap threshold: from an arena, kept there when freed
    private const int Blocks = 2048; // 32 MB

    [Fact]
    public void A_trim_hands_the_pages_of_freed_blocks_back_to_the_system()
    {
        // the runtime's own identifier tells glibc (linux-x64) from musl (linux-musl-x64), independently of the trimmer
        var glibc = OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        Assert.SkipUnless(glibc, "malloc_trim is glibc's (Linux); this system has another C library");
        Assert.True(NativeMemoryTrimmer.Supported);

        // on a thread of its own, so that the blocks come from one arena and other tests' allocations rarely land there
        var (before, after) = (0.0, 0.0);
        var thread = new Thread(() => (before, after) = ResidentShareOfFreedBlocks());
        thread.Start();
        thread.Join();

        Assert.True(before >= 0.9, $"the freed blocks were {before:P0} resident before the trim (glibc keeps them)");
        Assert.True(after <= 0.25, $"the freed blocks were still {after:P0} resident after the trim");
    }

    [Fact]
    public async Task The_trimmer_does_nothing_when_its_interval_is_zero_and_stops_with_the_host()
    {
        using var off = Trimmer(TimeSpan.Zero);
        await off.StartAsync(TestContext.Current.CancellationToken);
        // it returns at once (ExecuteAsync runs on the thread pool: wait for it, not for a time)
        await off.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(off.ExecuteTask.IsCompletedSuccessfully);

        using var on = Trimmer(TimeSpan.FromSeconds(1));
        await on.StartAsync(TestContext.Current.CancellationToken);
        Assert.Equal(NativeMemoryTrimmer.Supported, !on.ExecuteTask!.IsCompleted);
        await on.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(on.ExecuteTask.IsCompleted && !on.ExecuteTask.IsFaulted);
    }

    private static NativeMemoryTrimmer Trimmer(TimeSpan interval) =>
        new(Options.Create(new RuntimeOptions { NativeMemoryTrimInterval = interval }), NullLogger<NativeMemoryTrimmer>.Instance);

    private static (double Before, double After) ResidentShareOfFreedBlocks()
    {
        var pattern = new byte[BlockSize];
        Array.Fill(pattern, (byte)0x5A);
        var blocks = new nint[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockSize); // malloc
            Marshal.Copy(pattern, 0, blocks[i], BlockSize); // touched: resident
        }

        // the last block stays allocated, so that the freed ones lie below it and glibc does not trim them on its own
        for (var i = 0; i < Blocks - 1; i++)
        {
            Marshal.FreeHGlobal(blocks[i]);
        }

        try
        {
            var before = ResidentShare(blocks);
            NativeMemoryTrimmer.TrimNow();
            return (before, ResidentShare(blocks));
        }
        finally
        {
            Marshal.FreeHGlobal(blocks[Blocks - 1]);
        }
    }

    // the share of whole pages inside the freed blocks (all but the last) that are resident
    private static double ResidentShare(nint[] blocks)
    {
        var page = Environment.SystemPageSize;
        var vector = new byte[BlockSize / page + 1];
        long pages = 0, resident = 0;
        for (var i = 0; i < Blocks - 1; i++)
        {
            var start = (blocks[i] + page - 1) / page * page;
            var end = (blocks[i] + BlockSize) / page * page;
            if (end <= start)
            {
                continue;
            }

            var count = (int)((end - start) / page);
            Assert.Equal(0, Mincore(start, (nuint)(end - start), vector));
            pages += count;
            for (var p = 0; p < count; p++)
            {
                resident += vector[p] & 1;
            }
        }

        return (double)resident / pages;
    }

    [DllImport("libc", EntryPoint = "mincore", ExactSpelling = true)]
    private static extern int Mincore(nint address, nuint length, [Out] byte[] vector);
}
