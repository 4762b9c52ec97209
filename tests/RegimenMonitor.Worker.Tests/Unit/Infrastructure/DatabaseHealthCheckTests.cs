using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>Readiness against a database server that accepts connections and never answers (a stalled server).</summary>
public sealed class DatabaseHealthCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Found by an independent fault probe: with PostgreSQL stopped by SIGSTOP, the readiness probe answered only after
    /// the driver's own 15-s connect timeout (15 to 32 s), though its deadline is <c>Health:DatabaseTimeout</c> (2 s):
    /// probes with shorter client timeouts got no answer, and each held a connection attempt. It now answers at its
    /// deadline, and the requests that arrive while an attempt is still waiting share it.
    /// </summary>
    /// <remarks>
    /// The outbox check read the database without such a deadline (found by the next fault probe: 15–34 s per readiness
    /// request with PostgreSQL stalled, and 65 connections held), and now shares the same kind of probe.
    /// </remarks>
    [Theory]
    [InlineData(DatabaseHealthCheck.Name, "database did not answer within 1 s")]
    [InlineData(OutboxHealthCheck.Name, "outbox not readable in time")] // its deadline is 2 s, whatever Health:DatabaseTimeout
    public async Task A_database_that_never_answers_is_reported_at_the_deadline_and_one_attempt_serves_every_probe(string name, string expected)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await silent.AcceptSocketAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(socket); // held open, never answered
                }
            }
        }, stop.Token);
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = $"Host=127.0.0.1;Port={port};Username=regimen;Password=unused;Database=regimen;Timeout=60",
            ["Health:DatabaseTimeout"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        IHealthCheck check = name == DatabaseHealthCheck.Name
            ? host.Services.GetRequiredService<DatabaseHealthCheck>()
            : ActivatorUtilities.CreateInstance<OutboxHealthCheck>(host.Services); // the worker registers it as a singleton
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, null) };

        // Npgsql does not give up on a connection's start-up at a cancelled token while the server stays silent (that is
        // what made readiness wait for its own timeout); should a later driver give up at once, the count below would see
        // a new attempt per probe, and this test should then assert the answer time alone
        // probe until an attempt reaches the server (the first ones may spend their second building the model and the
        // driver's data source on a busy machine) and hangs there: each probe answers at its deadline all the same
        // Counted are the connections still open: on a busy machine an attempt may reach the server just as its deadline
        // passes and then give up, closing its socket; the next probe rightly starts another (a count of every connection
        // ever accepted made this test fail now and then)
        var results = new List<HealthCheckResult>();
        for (var probes = 0; probes < 30 && !await Settles(); probes++)
        {
            results.Add(await Timed());
        }

        Assert.True(Open() == 1, $"{Open()} connections open after the first probes");
        var attempts = Accepted();
        results.Add(await Timed());
        results.Add(await Timed());
        Assert.All(results, r => Assert.Equal((HealthStatus.Unhealthy, expected), (r.Status, r.Description)));
        // the later probes joined the attempt still waiting: no second connection
        Assert.True(await Settles(), $"{Open()} connections open after two more probes");
        Assert.Equal(attempts, Accepted()); // nor one opened and closed again
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        lock (accepted)
        {
            accepted.ForEach(s => s.Dispose());
        }

        async Task<HealthCheckResult> Timed()
        {
            var clock = Stopwatch.StartNew();
            var result = await check.CheckHealthAsync(context, Ct);
            // a bound on a hang (the driver's connect timeout here is 60 s), not a speed goal
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"a probe took {clock.Elapsed}");
            return result;
        }

        int Accepted()
        {
            lock (accepted)
            {
                return accepted.Count;
            }
        }

        // the connections the client has not closed (what it sent, its start-up request, is read and dropped first)
        int Open()
        {
            lock (accepted)
            {
                var buffer = new byte[256];
                return accepted.Count(socket =>
                {
                    while (socket.Available > 0)
                    {
                        socket.Receive(buffer);
                    }

                    return !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
                });
            }
        }

        // exactly one connection open, and still the one 3 s later (longer than either deadline): an attempt that reached
        // the server just as its deadline passed closes its socket a moment later, and one glance could count it as the
        // attempt left waiting (then the next probe rightly opened another: this test failed now and then on a busy machine)
        // (false at once when none is open: no attempt is waiting, the next probe starts one)
        async Task<bool> Settles()
        {
            var steady = 0;
            for (var waited = 0; waited < 150 && steady < 30 && Open() > 0; waited++)
            {
                await Task.Delay(100, Ct);
                steady = Open() == 1 ? steady + 1 : 0;
            }

            return steady >= 30;
        }
    }

    /// <summary>
    /// Found by an independent fault probe: a replica whose clock ran ten minutes ahead took a stop dated six minutes
    /// ahead as reported and sent its all-clear early, while readiness said Healthy. Readiness now compares this host's
    /// clock with the database server's.
    /// </summary>
    [Theory]
    [InlineData(600, "this host's clock is 600 s ahead of the database server's (more than 30 s)")]
    [InlineData(-120, "this host's clock is 120 s behind the database server's (more than 30 s)")]
    [InlineData(5, null)]
    public async Task A_host_clock_apart_from_the_database_servers_makes_readiness_unhealthy(int seconds, string? expected)
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var host = database.ToolHost();
        // a deadline far beyond the first probe's model and connection set-up on a loaded machine (at 2 s it failed now
        // and then with "did not answer"): this test is about the clocks
        var check = new DatabaseHealthCheck(host.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new HealthOptions { DatabaseTimeout = TimeSpan.FromSeconds(60) }),
            host.Services.GetRequiredService<WriteRefusals>(), NullLogger<DatabaseHealthCheck>.Instance) { HostClock = new ShiftedClock(TimeSpan.FromSeconds(seconds)) };
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(DatabaseHealthCheck.Name, check, HealthStatus.Unhealthy, null) };

        var result = await check.CheckHealthAsync(context, Ct);

        if (expected is null)
        {
            Assert.Equal((HealthStatus.Healthy, "database reachable"), (result.Status, result.Description));
        }
        else
        {
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.StartsWith(expected, result.Description, StringComparison.Ordinal);
        }
    }
}
