using Microsoft.Extensions.Logging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>Log messages of the product-code terminology (event ids 3100s, persistence). Counts only, never a product.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Terminology import {ImportId} loaded: {RxNormCount} RxNorm code(s), {NdcCount} NDC(s)")]
    public static partial void TerminologyLoaded(ILogger logger, long importId, int rxNormCount, int ndcCount);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Checking the database for a new terminology import failed; the loaded terminology (import {ImportId}) stays in use and the check runs again in {Interval}")]
    public static partial void TerminologyRefreshFailed(ILogger logger, long importId, TimeSpan interval, Exception exception);
}
