using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>The order of one patient's messages in a dispatch batch (<see cref="AlertDispatcher.PublishOrder"/>).</summary>
public sealed class PublishOrderTests
{
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = new("00000000-0000-0000-0000-00000000000c");

    [Theory]
    // claim order when no resolution names another alert of the batch (a resolution, then the next group's new alert)
    [InlineData("A:resolved B:opened", "A:resolved B:opened")]
    // a resolution naming B waits for B's messages of the batch
    [InlineData("A:resolved>B B:opened", "B:opened A:resolved>B")]
    [InlineData("A:resolved>B B:opened B:raised", "B:opened A:resolved>B B:raised")] // B exists once its first message went
    // the later messages of the waiting alert wait with it, in their order
    [InlineData("A:resolved>B A:reinstated B:opened C:opened", "B:opened A:resolved>B A:reinstated C:opened")]
    // naming an alert with no message in the batch (already sent): nothing to wait for
    [InlineData("A:resolved>C B:opened", "A:resolved>C B:opened")]
    // a chain: A waits for B, which waits for C
    [InlineData("A:resolved>B B:resolved>C C:opened", "C:opened B:resolved>C A:resolved>B")]
    // a cycle (never written): the second finds nothing of A after it to wait for, and releases the first
    [InlineData("A:resolved>B B:resolved>A C:opened", "B:resolved>A A:resolved>B C:opened")]
    // a released message is decided again: A's second resolution names C, which has not gone yet (found by a review)
    [InlineData("A:resolved>B A:resolved>C B:opened C:opened", "B:opened A:resolved>B C:opened A:resolved>C")]
    // the resolution waits for the named alert's next message only (the one written with it), not for its messages of
    // later transactions: the next transaction's new alert C still comes after it (found by a review)
    [InlineData("A:resolved>B B:opened C:opened B:lowered", "B:opened A:resolved>B C:opened B:lowered")]
    public void A_patient_s_messages_go_in_claim_order_and_a_resolution_after_the_alert_it_names(string claimed, string published)
    {
        var messages = claimed.Split(' ');
        var order = AlertDispatcher.PublishOrder([.. Enumerable.Range(0, messages.Length)], i => Alert(messages[i][0]), i => ContinuedIn(messages[i]));

        Assert.Equal(published, string.Join(' ', order.Select(i => messages[i])));
    }

    private static Guid Alert(char name) => name switch { 'A' => A, 'B' => B, _ => C };

    private static Guid? ContinuedIn(string message) => message.IndexOf('>', StringComparison.Ordinal) is var at and > 0 ? Alert(message[at + 1]) : null;
}
