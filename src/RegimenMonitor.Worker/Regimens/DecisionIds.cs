namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Where a decision's new ids come from: a new finding episode's alert id and an outbox row's message id. The worker
/// uses <see cref="Random"/> (random alert ids; version 7 message ids, time-ordered by the decision's as-of); tests
/// may pass a sequence.
/// </summary>
internal sealed class DecisionIds(Func<Guid> newAlertId, Func<DateTimeOffset, Guid> newMessageId)
{
    public static readonly DecisionIds Random = new(Guid.NewGuid, Guid.CreateVersion7);

    public Func<Guid> NewAlertId { get; } = newAlertId ?? throw new ArgumentNullException(nameof(newAlertId));

    public Func<DateTimeOffset, Guid> NewMessageId { get; } = newMessageId ?? throw new ArgumentNullException(nameof(newMessageId));
}
