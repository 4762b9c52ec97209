using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Group commit for the consumers. Each consume submits its change and awaits the commit of the transaction that
/// contains it, so a message is still acknowledged only after its effects commit; but the changes of all messages in
/// flight are written together, up to <see cref="MessagingOptions.WriteBatchSize"/> per transaction, by
/// <see cref="MessagingOptions.WriteLanes"/> writers. A patient always goes to the same lane, so one process never
/// races itself on a patient. If a group fails, its changes are applied one by one in their own transactions, so one
/// bad change fails only its own message (which MassTransit then retries or moves to <c>_error</c>); when the group and
/// then its first change alone fail as an outage (<see cref="DatabaseDialect.IsOutage"/>: the database away) the other
/// changes fail with it, not attempted, and each message is retried as the outage policy says.
/// A message whose changes stand or fall whole (a FHIR <c>transaction</c> Bundle) is written as its own transaction
/// (<see cref="ApplyAllOrNothingAsync"/>).
/// With a batch size of 1, or on a database that takes one writer at a time (SQLite, <see cref="DatabaseDialect.SingleWriter"/>),
/// each change is applied alone, as before.
/// </summary>
internal sealed class RegimenWriter : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<RegimenWriter> _logger;
    private readonly DatabaseDialect _dialect;
    private readonly int _batchSize;
    private readonly Channel<Pending>[] _lanes;
    private readonly Task[] _loops;

    private readonly Infrastructure.Health.WriteProgress? _progress;

    public RegimenWriter(IServiceScopeFactory scopes, IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, ILogger<RegimenWriter> logger,
        Infrastructure.Health.WriteProgress? progress = null)
    {
        _scopes = scopes;
        _progress = progress;
        _logger = logger;
        var options = messaging.Value;
        _dialect = DatabaseDialect.For(database.Value.Provider);
        _batchSize = _dialect.SingleWriter ? 1 : options.WriteBatchSize;
        var lanes = _batchSize <= 1 ? 0 : options.WriteLanes;
        _lanes = new Channel<Pending>[lanes];
        _loops = new Task[lanes];
        // the writers belong to no consume's trace
        using (ExecutionContext.SuppressFlow())
        {
            for (var i = 0; i < lanes; i++)
            {
                _lanes[i] = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
                var reader = _lanes[i].Reader;
                _loops[i] = Task.Run(() => WriteLoopAsync(reader));
            }
        }
    }

    public Task<(ApplyOutcome Outcome, FindingsDiff? Diff)> ApplyAsync(RegimenChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Watched(ApplyOneAsync(change, cancellationToken), cancellationToken);
    }

    /// <summary>Tells readiness whether the database answered the write (<see cref="Infrastructure.Health.WriteProgress"/>).</summary>
    private async Task<T> Watched<T>(Task<T> write, CancellationToken cancellationToken)
    {
        if (_progress is null)
        {
            return await write;
        }

        var startedAt = _progress.Started();
        try
        {
            var result = await write;
            _progress.Answered();
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _progress.Abandoned();
            throw;
        }
        catch (Exception ex) when (!IsDatabaseFailure(ex))
        {
            // refused for what is stored, or a fault of the change itself: the database answered (a review: a fault of
            // ours would have read "every event write failed" on a healthy database)
            _progress.Answered();
            throw;
        }
        catch
        {
            _progress.Failed(startedAt);
            throw;
        }
    }

    // a failure of the database's: an outage as the dialect knows it, or any error the provider raised (a cancelled or
    // timed-out statement, a lock timeout); an invalid event or a fault in deciding the change is not
    private bool IsDatabaseFailure(Exception exception) =>
        _dialect.IsOutage(exception)
        || NetworkErrors.Chain(exception).Any(e => e is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or TimeoutException);

    private async Task<(ApplyOutcome Outcome, FindingsDiff? Diff)> ApplyOneAsync(RegimenChange change, CancellationToken cancellationToken)
    {
        if (_lanes.Length == 0)
        {
            await using var scope = _scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyAsync(change, cancellationToken);
        }

        var pending = new Pending(change, Activity.Current?.Context ?? default);
        await _lanes[Lane(change.PatientRef)].Writer.WriteAsync(pending, cancellationToken);
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies the changes of one message that stands or falls whole (a FHIR <c>transaction</c> Bundle, say) in one
    /// transaction of their own: when any is refused or conflicts with what is stored, none is written, and the results
    /// say which (<see cref="RegimenStore.ApplyBatchAsync"/>). Written in the lane of the first change's patient, after the
    /// changes queued there before it, so one process does not race itself on that patient.
    /// </summary>
    public Task<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> ApplyAllOrNothingAsync(
        IReadOnlyList<RegimenChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count == 0 ? Task.FromResult<IReadOnlyList<(ApplyOutcome, FindingsDiff?, InvalidEventException?)>>([])
            : Watched(ApplyUnitAsync(changes, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> ApplyUnitAsync(
        IReadOnlyList<RegimenChange> changes, CancellationToken cancellationToken)
    {
        var unit = new PendingUnit(changes, Activity.Current?.Context ?? default);
        if (_lanes.Length == 0)
        {
            return await WriteUnitAloneAsync(unit, cancellationToken);
        }

        await _lanes[Lane(changes[0].PatientRef)].Writer.WriteAsync(unit, cancellationToken);
        return await unit.Results.Task.WaitAsync(cancellationToken);
    }

    private int Lane(string patientRef) => (int)((uint)StringComparer.Ordinal.GetHashCode(patientRef) % (uint)_lanes.Length);

    private async Task<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> WriteUnitAloneAsync(PendingUnit unit, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(
            unit.Changes, [.. unit.Changes.Select(_ => unit.Parent)], cancellationToken, allOrNothing: true);
    }

    private async Task WriteLoopAsync(ChannelReader<Pending> reader)
    {
        var group = new List<Pending>(_batchSize);
        while (await reader.WaitToReadAsync())
        {
            if (reader.TryPeek(out var head) && head is PendingUnit && reader.TryRead(out var read) && read is PendingUnit unit)
            {
                // a message that stands or falls whole is its own transaction, never grouped with others
                await WriteUnitAsync(unit);
                continue;
            }

            while (group.Count < _batchSize && reader.TryPeek(out var next) && next is not PendingUnit && reader.TryRead(out next))
            {
                group.Add(next);
            }

            await WriteGroupAsync(group);
            group.Clear();
        }
    }

    private async Task WriteUnitAsync(PendingUnit unit)
    {
        try
        {
            var results = await WriteUnitAloneAsync(unit, CancellationToken.None);
            Resume(static applied => applied.Unit.Results.TrySetResult(applied.Results), (Unit: unit, Results: results));
        }
        catch (Exception ex)
        {
            Resume(static failed => failed.Unit.Results.TrySetException(failed.Error), (Unit: unit, Error: ex));
        }
    }

    private async Task WriteGroupAsync(List<Pending> group)
    {
        var links = group.Where(p => p.Parent != default).Select(p => new ActivityLink(p.Parent)).ToList();
        using var activity = Telemetry.Source.StartActivity("regimen write batch", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("regimen_monitor.batch.size", group.Count);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(
                [.. group.Select(p => p.Change)], [.. group.Select(p => p.Parent)], CancellationToken.None);
            // One work item resumes the whole group's consumes (their acknowledgements) one after the other: one
            // thread-pool hop per group instead of one per consume.
            // a change refused by what its statement said before is refused alone: its consume gets the refusal
            Resume(static committed =>
            {
                for (var i = 0; i < committed.Pending.Length; i++)
                {
                    var (outcome, diff, refusal) = committed.Results[i];
                    if (refusal is not null)
                    {
                        committed.Pending[i].Completion.TrySetException(refusal);
                    }
                    else
                    {
                        committed.Pending[i].Completion.TrySetResult((outcome, diff));
                    }
                }
            }, (Pending: group.ToArray(), Results: results));
        }
        catch (Exception ex) when (group.Count > 1)
        {
            // the database away (a connection refused or dropped, a standby) fails every change alike; so can one slow or
            // bad change (a timeout counts as an outage too), so the first change is applied alone first: when that fails
            // as an outage as well, the others fail with it (each consume's retry, the outage policy, brings it back)
            // instead of each failing alone and logging it (found by an independent fault probe: about 360 lines of
            // "applying them one by one" in a 20-s outage); otherwise they are applied one by one, as for any failure
            var outage = _dialect.IsOutage(ex);
            if (!outage)
            {
                Log.WriteBatchFailed(_logger, group.Count, ex.GetType().Name);
            }

            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            for (var i = 0; i < group.Count; i++)
            {
                var failure = await ApplyAloneAsync(group[i]);
                if (i == 0 && outage && failure is not null && _dialect.IsOutage(failure))
                {
                    Resume(static failed =>
                    {
                        foreach (var pending in failed.Pending)
                        {
                            // each consume its own exception (one object thrown by many consumes at once would mix their
                            // stack traces); the outage is its inner one, which the retry policy reads
                            pending.Completion.TrySetException(new GroupNotWrittenException(failed.Error));
                        }
                    }, (Pending: group.Skip(1).ToArray(), Error: failure));
                    break;
                }

                if (i == 0 && outage)
                {
                    // the first change went through alone: not the database away (a timeout of the group, say), so the
                    // group's failure is told as any other's (a review)
                    Log.WriteBatchFailed(_logger, group.Count, ex.GetType().Name);
                }
            }
        }
        catch (Exception ex)
        {
            Resume(static failed => failed.Pending.Completion.TrySetException(failed.Error), (Pending: group[0], Error: ex));
        }
    }

    /// <summary>Applies one change in its own transaction and completes its consume; returns the failure, if any.</summary>
    private async Task<Exception?> ApplyAloneAsync(Pending pending)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            using var apply = pending.Parent == default ? null : Telemetry.Source.StartActivity("apply " + pending.Change.EventType, ActivityKind.Internal, pending.Parent);
            var result = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyAsync(pending.Change, CancellationToken.None);
            Resume(static applied => applied.Pending.Completion.TrySetResult(applied.Result), (Pending: pending, Result: result));
            return null;
        }
        catch (Exception ex)
        {
            Resume(static failed => failed.Pending.Completion.TrySetException(failed.Error), (Pending: pending, Error: ex));
            return ex;
        }
    }

    /// <summary>
    /// A change of a group that failed while the database was away, not attempted alone (its group's first change, tried
    /// alone, failed the same way): <see cref="Exception.InnerException"/> is that outage.
    /// </summary>
    internal sealed class GroupNotWrittenException(Exception outage)
        : Exception("Not written: the database was away when its write group failed (" + outage.GetType().Name + ")", outage);

    /// <summary>
    /// Completes consumes on a thread-pool thread, never on the writer's: a consume resumes synchronously where its
    /// result is set (<see cref="Pending.Completion"/>), and one resumed on the writer would hold up the lane (or,
    /// waiting there for another change of the lane, never finish).
    /// </summary>
    private static void Resume<TState>(Action<TState> complete, TState state) =>
        ThreadPool.UnsafeQueueUserWorkItem(complete, state, preferLocal: false);

    public async ValueTask DisposeAsync()
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await Task.WhenAll(_loops);
    }

    private record Pending(RegimenChange Change, ActivityContext Parent)
    {
        // Continuations run synchronously where the result is set, which is always a work item of Resume.
        public TaskCompletionSource<(ApplyOutcome, FindingsDiff?)> Completion { get; } = new(TaskCreationOptions.None);
    }

    /// <summary>The changes of one message that stands or falls whole (<see cref="ApplyAllOrNothingAsync"/>).</summary>
    private sealed record PendingUnit(IReadOnlyList<RegimenChange> Changes, ActivityContext Parent) : Pending(Changes[0], Parent)
    {
        public TaskCompletionSource<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> Results { get; } = new(TaskCreationOptions.None);
    }
}
