using Microsoft.Extensions.Logging;

namespace ActorFrames.Mux;

/// <summary>Log entries of the mux supervisor (EventIds 4xxx).</summary>
internal static partial class MuxLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Mux {Mux} activated stream {Stream} in slot {Slot} (activation {Activation}, budget {Budget})")]
    public static partial void StreamActivated(ILogger logger, string mux, int stream, int slot, long activation, long budget);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Mux {Mux} retired stream {Stream} from slot {Slot} (activation {Activation}): {Reason} after {Items} frames")]
    public static partial void StreamRetired(ILogger logger, string mux, int stream, int slot, long activation, MuxRetireReason reason, long items);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Mux {Mux}: stream {Stream} failed after {Items} frames; restart {Attempt} in {Delay}")]
    public static partial void StreamBackingOff(ILogger logger, Exception exception, string mux, int stream, long items, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Mux {Mux} restarted stream {Stream} in slot {Slot} (restart {Attempt}, activation {Activation})")]
    public static partial void StreamRestarted(ILogger logger, string mux, int stream, int slot, int attempt, long activation);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "Mux {Mux} pruned failing stream {Stream}: {Reason}")]
    public static partial void FailingStreamPruned(ILogger logger, Exception exception, string mux, int stream, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Mux {Mux} pruned stream {Stream}: {Reason}")]
    public static partial void EmptyStreamPruned(ILogger logger, string mux, int stream, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Mux {Mux} completed: {Frames} frames from {Activations} activations")]
    public static partial void Completed(ILogger logger, string mux, long frames, long activations);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Mux {Mux}: the actor of stream {Stream} in slot {Slot} stopped without reporting why")]
    public static partial void StreamActorLost(ILogger logger, string mux, int stream, int slot);
}
