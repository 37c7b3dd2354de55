using Microsoft.Extensions.Logging;

namespace ActorFrames.Workers;

/// <summary>What a worker mode needs to build a consumer's dispatcher.</summary>
/// <typeparam name="TResult">The handler's result type.</typeparam>
/// <param name="Consumer">The consumer's name (also the queue / pool name).</param>
/// <param name="Handler">The registered handler name.</param>
/// <param name="Registry">The registry that holds the handler.</param>
/// <param name="Results">Where outcomes go.</param>
/// <param name="MaxInFlight">The most chunks accepted but not yet reported before dispatch waits.</param>
/// <param name="TimeProvider">The clock.</param>
/// <param name="LoggerFactory">Loggers.</param>
/// <param name="Spawn">Spawns worker actors as children of the consumer's actor (pool mode); <see langword="null"/> outside an actor system.</param>
internal sealed record DispatcherContext<TResult>(
    string Consumer,
    string Handler,
    HandlerRegistry Registry,
    IResultSink<TResult> Results,
    int MaxInFlight,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    Func<Actors.Props, string, Actors.IActorRef>? Spawn = null);
