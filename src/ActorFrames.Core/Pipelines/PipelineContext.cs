using ActorFrames.Workers;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Pipelines;

/// <summary>What every actor of one pipeline run shares.</summary>
/// <param name="Registry">The handlers.</param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">Loggers.</param>
/// <param name="Stopping">Cancelled when the run is stopped (the source ends, tails are flushed).</param>
/// <param name="Aborted">Cancelled when the run is abandoned (handlers are cancelled).</param>
/// <param name="Requested">The caller's token that stops the run; its flag is set before any callback runs, so a
/// source bound to it that throws at once is still seen as stopped, not failed.</param>
internal sealed record PipelineContext(
    HandlerRegistry Registry,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    CancellationToken Stopping,
    CancellationToken Aborted,
    CancellationToken Requested)
{
    /// <summary>Gets a value indicating whether the run was asked to stop (by its caller or from within).</summary>
    public bool IsStopRequested => Stopping.IsCancellationRequested || Requested.IsCancellationRequested;
}
