using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Pipelines;

/// <summary>What every actor of one pipeline run shares.</summary>
/// <param name="Registry">The handlers.</param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">Loggers.</param>
/// <param name="Stopping">Cancelled when the run is stopped (the source ends, tails are flushed).</param>
/// <param name="Aborted">Cancelled when the run is abandoned (handlers are cancelled).</param>
internal sealed record PipelineContext(
    HandlerRegistry Registry,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    CancellationToken Stopping,
    CancellationToken Aborted);
