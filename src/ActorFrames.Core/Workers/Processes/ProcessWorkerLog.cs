using Microsoft.Extensions.Logging;

namespace ActorFrames.Workers.Processes;

/// <summary>Log messages of the process worker mode (3xxx: routing).</summary>
internal static partial class ProcessWorkerLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Consumer {Consumer}: worker child {ProcessId} started")]
    public static partial void ChildStarted(ILogger logger, string consumer, int processId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Consumer {Consumer}: worker child lost while handling chunk #{Sequence} (attempt {Attempt}); starting a replacement")]
    public static partial void ChildLost(ILogger logger, string consumer, long sequence, int attempt, Exception error);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Consumer {Consumer}: chunk #{Sequence} dead-lettered after {Attempts} attempts: {Error}")]
    public static partial void DeadLettered(ILogger logger, string consumer, long sequence, int attempts, string error);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Worker child {ProcessId}: {Line}")]
    public static partial void ChildStderr(ILogger logger, int processId, string line);
}
