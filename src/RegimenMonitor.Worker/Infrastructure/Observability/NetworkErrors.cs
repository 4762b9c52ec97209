using System.Net.Sockets;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>A network-level cause in an exception chain (refused, unknown host, unreachable), in words.</summary>
internal static class NetworkErrors
{
    /// <summary>An exception and its inner ones, outermost first; an aggregate's inner exceptions in its place.</summary>
    public static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.Flatten().InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }

    /// <summary>The first socket error of <paramref name="chain"/> as words, or null.</summary>
    public static string? Describe(IEnumerable<Exception> chain) =>
        chain.OfType<SocketException>().FirstOrDefault() is { } socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found",
                SocketError.TimedOut => "no answer (timed out)",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                SocketError.ConnectionReset => "the connection was reset by the server",
                _ => socket.Message,
            }
            : null;
}
