using Microsoft.Extensions.Configuration;
using Quartz;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Scheduling;
using RegimenMonitor.Worker.Sweep;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// The alert services, and (for the worker) the Quartz scheduler that runs them.
/// <para>Store: on PostgreSQL the persistent, clustered ADO store whose <c>qrtz_</c> tables our migrations create
/// (the scheduler only validates them), so with several replicas each firing happens once; on SQLite Quartz runs in
/// memory. Scheduled time comes from the container's <see cref="TimeProvider"/>.</para>
/// <para>Misfire policies (a firing missed because every replica was down or busy):</para>
/// <list type="bullet">
/// <item>dispatch and escalation (simple, repeating): <c>NextWithRemainingCount</c> — skip the missed firings and wait
/// for the next; one run drains everything that accumulated, so a burst of catch-up runs would add nothing.</item>
/// <item>sweep (cron): <c>FireAndProceed</c> — a missed nightly sweep runs once as soon as a scheduler is back, because
/// coverage ends and duration thresholds would otherwise wait a whole day to be alerted. Its one-off trigger at start
/// (<c>FireNow</c>) sweeps every regimen when the release's rule set or the terminology has not been swept yet.</item>
/// <item>retention (cron): <c>DoNothing</c> — a missed purge is skipped; the next one removes everything past its age.</item>
/// </list>
/// </summary>
internal static class SchedulingConfiguration
{
    /// <summary>How often, and how far apart, the scheduler's store retries a database that is away.</summary>
    internal const int TransientRetries = 15;

    internal static readonly TimeSpan TransientRetryInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often the store looks for misfired triggers, and how long it waits after a failed attempt before the next
    /// (Quartz's defaults: the misfire threshold, 60 s, and 15 s). A database away for longer than the threshold leaves
    /// the dispatch trigger misfired, and such a trigger fires only after the next pass: at the defaults, alerts raised
    /// as the database came back waited up to a minute (measured: 20 s after their events committed). The pass is one
    /// indexed query on the <c>qrtz_triggers</c> rows of this scheduler.
    /// </summary>
    internal static readonly TimeSpan MisfireHandlerFrequency = TimeSpan.FromSeconds(5);

    /// <inheritdoc cref="MisfireHandlerFrequency"/>
    internal static readonly TimeSpan DbRetryInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The alert services; those that publish (the dispatcher and its publishers, on <c>IAlertBus</c>) only for the
    /// worker, the one role with that bus: the tool and publisher roles' hosts are checked by the container in
    /// Development, and a registration it cannot build stops them at start.
    /// </summary>
    public static void AddRegimenMonitorAlerts(this IServiceCollection services, HostRole role)
    {
        // the outbox gauges read the monitor this host's dispatcher updates (found by a newcomer probe: documented,
        // never registered, so neither regimen_monitor.outbox.depth nor .oldest_age was ever exported)
        services.AddSingleton(sp =>
        {
            var monitor = new OutboxMonitor();
            AlertTelemetry.RegisterOutboxGauges(monitor, sp.GetRequiredService<TimeProvider>());
            return monitor;
        });
        services.AddSingleton<AlertPublishMonitor>();
        services.AddSingleton<UnrecordedDispatches>();
        services.AddSingleton<InFlightPublishes>();
        services.AddSingleton<UnroutableProbe>();
        if (role == HostRole.Worker)
        {
            services.AddScoped<BusAlertPublisher>();
            services.AddScoped<IAlertPublisher, Fhir.FhirAlertPublisher>();
            services.AddScoped<AlertDispatcher>();
        }

        services.AddScoped<EscalationService>();
        services.AddScoped<RetentionService>();
        services.AddScoped<AcknowledgementRecorder>();
        services.AddSingleton<RegimenSweeper>();
    }

    /// <summary>
    /// The scheduler, unless <c>Alerts:SchedulerEnabled</c> is false (then only the outbox's readiness check). Quartz builds its triggers and its store when the
    /// services are registered, before the options system runs, so the schedules (<see cref="AlertOptions"/>) and the
    /// store (<see cref="DatabaseOptions"/>) are read from configuration here; the same sections are bound and validated
    /// through <c>IOptions&lt;T&gt;</c> at start, which stops start-up on a bad value before the scheduler starts.
    /// </summary>
    public static void AddRegimenMonitorScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OutboxHealthCheck>(); // one per host: it shares a probe under way between requests
        var alerts = configuration.GetSection(AlertOptions.SectionName).Get<AlertOptions>() ?? new AlertOptions();
        if (!alerts.SchedulerEnabled)
        {
            // the outbox's check reads the database, so it holds whichever worker dispatches: a worker without the
            // scheduler reports alerts that no worker publishes too (and logs that it publishes none, StartupHostedService)
            services.AddHealthChecks().AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name, tags: [Infrastructure.Health.HealthEndpoints.ReadyTag]);
            return;
        }

        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        database.ConnectionString ??= configuration.GetConnectionString("Database");
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "regimen-monitor");
            // Jobs are built per firing in a DI scope of their own (Quartz's Microsoft DI job factory) and take their
            // services in their constructors; every run is observed here (span, metrics, failure log).
            q.AddJobListener<JobTelemetryListener>();
            var dialect = DatabaseDialect.For(database.Provider);
            if (dialect.ClusteredScheduler)
            {
                q.UsePersistentStore(store =>
                {
                    dialect.UseSchedulerStore(store, database.EffectiveConnectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                    store.ConfigureStore(o =>
                    {
                        o.TablePrefix = "qrtz_";
                        o.SchemaProvisioning = SchemaProvisioning.Validate;
                        // A database that restarts is away for seconds to tens of seconds. The scheduler's creation
                        // (its schedules written at start) cannot be repeated in one process once it failed, so the
                        // store rides out such an outage (about 30 s) instead of Quartz's default three retries
                        // a second apart; the outage classes are the dialect's, as for the consumers (PostgreSQL's
                        // 55000 "not accepting connections" is not among Quartz's own). A stop still ends within
                        // RunVerb.StopDeadline.
                        o.MaxTransientRetries = TransientRetries;
                        o.TransientRetryInterval = TransientRetryInterval;
                        o.IsTransient = exception =>
                        {
                            // its pooled sessions started read-only and stay so after a failover: new ones
                            dialect.ForgetStaleSessions(exception);
                            return dialect.IsOutage(exception);
                        };
                        o.MisfireHandlerFrequency = MisfireHandlerFrequency;
                        o.DbRetryInterval = DbRetryInterval;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.ScheduleJob<AlertDispatchJob>(
                t => t.WithIdentity(AlertDispatchJob.Name).StartNow().WithSimpleSchedule(s => s
                    .WithInterval(alerts.DispatchInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                j => j.WithIdentity(AlertDispatchJob.Name).WithDescription("Publishes outbox alerts to care.regimen-alerts"));
            q.ScheduleJob<EscalationJob>(
                t => t.WithIdentity(EscalationJob.Name).StartNow().WithSimpleSchedule(s => s
                    .WithInterval(alerts.EscalationInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                j => j.WithIdentity(EscalationJob.Name).WithDescription("Re-publishes overdue unacknowledged major/contraindicated alerts once"));
            q.ScheduleJob<RegimenSweepJob>(
                t => t.WithIdentity(RegimenSweepJob.Name).WithCronSchedule(alerts.SweepCron, c => c
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
                j => j.WithIdentity(RegimenSweepJob.Name).WithDescription("Re-evaluates regimens whose result changes with time, and every regimen after a new rule set or terminology"));
            q.AddTrigger(t => t.ForJob(RegimenSweepJob.Name).WithIdentity(RegimenSweepJob.AtStartTrigger).StartNow()
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
            if (alerts.ReviewInterval > TimeSpan.Zero)
            {
                // the due regimens between nightly sweeps (a supply ran out at 10:00: resolved by 10:05, not at 02:30)
                q.AddTrigger(t => t.ForJob(RegimenSweepJob.Name).WithIdentity(RegimenSweepJob.ReviewTrigger).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(alerts.ReviewInterval).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            }

            q.ScheduleJob<RetentionJob>(
                t => t.WithIdentity(RetentionJob.Name).WithCronSchedule(alerts.RetentionCron, c => c
                    .InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)),
                j => j.WithIdentity(RetentionJob.Name).WithDescription("Purges old dispatched alerts and processed event ids"));
        });
        // Quartz's hosted service, but a database away while the scheduler starts is waited for (SchedulerStarter)
        services.AddSingleton(new RetiredTriggers(alerts.ReviewInterval > TimeSpan.Zero ? [] : [RegimenSweepJob.ReviewTrigger]));
        services.AddHostedService<SchedulerStarter>();
        services.AddSingleton<DispatchRuns>();
        services.AddSingleton<SchedulerHealthCheck>(); // one per host: it shares a store read under way between requests
        services.AddHealthChecks()
            .AddCheck<SchedulerHealthCheck>(SchedulerHealthCheck.Name, tags: [Infrastructure.Health.HealthEndpoints.ReadyTag])
            .AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name, tags: [Infrastructure.Health.HealthEndpoints.ReadyTag])
            .AddCheck<AlertPublishHealthCheck>(AlertPublishHealthCheck.Name, tags: [Infrastructure.Health.HealthEndpoints.ReadyTag]);
    }
}
