using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// Why the server's clock could not be read, as warning 4016 says it (found by a newcomer probe: a healthy start on a
/// loaded machine logged "(OperationCanceledException)", which reads like a fault).
/// </summary>
public sealed class DatabaseClockReasonTests
{
    [Fact]
    public void The_readings_own_deadline_is_said_as_no_answer_in_time()
    {
        Assert.Equal("no answer within 5 s", DatabaseClockSync.Reason(new OperationCanceledException()));
        Assert.Equal("no answer within 5 s", DatabaseClockSync.Reason(new TaskCanceledException()));
        // a driver's own timeout wraps a TimeoutException
        Assert.Equal("no answer within 5 s", DatabaseClockSync.Reason(new InvalidOperationException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"))));
    }

    [Fact]
    public void Any_other_failure_is_named_by_its_type_never_its_message()
    {
        var reason = DatabaseClockSync.Reason(new InvalidOperationException("password authentication failed for user \"regimen\" at 10.0.0.5"));

        Assert.Equal("InvalidOperationException", reason);
    }
}
