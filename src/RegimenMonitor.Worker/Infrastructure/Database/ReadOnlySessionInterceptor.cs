using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// Empties the connection pools when a statement fails because the database takes no writes
/// (<see cref="DatabaseDialect.IsReadOnly"/>). A session keeps the read-only state it started with: a primary demoted in
/// a failover and promoted back, or a database whose <c>default_transaction_read_only</c> was turned off again, still
/// answers every pooled session read-only, and without this the events would wait for as long as those sessions live.
/// Busy connections are closed when they return to the pool, so the next attempt opens a new session: to the same
/// server when it takes writes again, or to the new primary when the connection string lists several hosts (Npgsql's
/// <c>Target Session Attributes=read-write</c>). Every pool, the scheduler store's too: its sessions started read-only
/// as well, and the alerts are dispatched through it. The group commit's set-based statements are sent by the dialect,
/// not through EF: <see cref="SetBasedFlush"/> does the same for them. A statement cancelled by a session's own limit
/// (a role's <c>statement_timeout</c>, since reset) empties them too, at most every few seconds
/// (<see cref="DatabaseDialect.ForgetStaleSessions"/>).
/// </summary>
internal sealed class ReadOnlySessionInterceptor(DatabaseDialect dialect) : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        dialect.ForgetStaleSessions(eventData.Exception);
        base.CommandFailed(command, eventData);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        dialect.ForgetStaleSessions(eventData.Exception);
        return base.CommandFailedAsync(command, eventData, cancellationToken);
    }
}
