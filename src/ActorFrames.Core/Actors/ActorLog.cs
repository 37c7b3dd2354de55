using Microsoft.Extensions.Logging;

namespace ActorFrames.Actors;

internal static partial class ActorLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Dead letter ({Reason}): {MessageType} to {Recipient} from {Sender}")]
    public static partial void DeadLetter(ILogger logger, DeadLetterReason reason, string messageType, string recipient, string sender);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Actor {Path} failed on a {MessageType} (dropped); supervisor resumes it")]
    public static partial void ChildResumed(ILogger logger, Exception exception, string path, string messageType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Actor {Path} failed on a {MessageType} (dropped); supervisor restarts it (restart {Attempt}, after {Delay})")]
    public static partial void ChildRestarting(ILogger logger, Exception exception, string path, string messageType, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Actor {Path} failed on a {MessageType} (dropped); supervisor stops it")]
    public static partial void ChildStopping(ILogger logger, Exception exception, string path, string messageType);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Actor {Path} failed on a {MessageType} (dropped) and exceeded {MaxRetries} restarts within {Window}; supervisor stops it")]
    public static partial void RestartLimitExceeded(ILogger logger, Exception exception, string path, string messageType, int maxRetries, TimeSpan window);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Actor {Path} ({ActorType}) could not be created or started ({Stage}); it is stopped")]
    public static partial void InitializationFailed(ILogger logger, Exception exception, string path, string actorType, string stage);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Actor {Path} failed on a {MessageType} (dropped); supervisor {Supervisor} escalates")]
    public static partial void ChildEscalated(ILogger logger, Exception exception, string path, string messageType, string supervisor);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Actor {Path} failed and the failure escalated to the guardian; it is stopped")]
    public static partial void EscalationReachedGuardian(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Lifecycle hook {Hook} of actor {Path} failed; the lifecycle goes on")]
    public static partial void HookFailed(ILogger logger, Exception exception, string path, string hook);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "The supervisor decider of {Supervisor} threw for a failure of {Path}; escalating")]
    public static partial void DeciderFailed(ILogger logger, Exception exception, string supervisor, string path);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Actor system {System} started")]
    public static partial void SystemStarted(ILogger logger, string system);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Actor system {System} stopped")]
    public static partial void SystemStopped(ILogger logger, string system);
}
