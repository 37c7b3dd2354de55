using System.Collections.Concurrent;
using System.Diagnostics;
using ActorFrames.Actors;

namespace ActorFrames.Tests.Mux.Supervisor;

/// <summary>
/// A subscriber that records every message told to it, in order, and is not an actor (so it never counts in
/// <see cref="ActorSystem.ActorCount"/>); read it once the run is over.
/// </summary>
internal sealed class EventLog : IActorRef
{
    private readonly ConcurrentQueue<object> _messages = new();

    public string Path => "test://event-log";

    public IReadOnlyList<object> Messages => [.. _messages];

    public IEnumerable<T> OfType<T>() => Messages.OfType<T>();

    public void Tell(object message, IActorRef? sender = null) => _messages.Enqueue(message);

    public ValueTask SendAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
    {
        Tell(message, sender);
        return ValueTask.CompletedTask;
    }

    public Task<T> AskAsync<T>(object message, TimeSpan timeout, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The event log only records.");

    /// <summary>Waits (yielding, bounded on the real clock) until the actor count reaches zero.</summary>
    public static async Task WaitForNoActorsAsync(ActorSystem system)
    {
        var clock = Stopwatch.StartNew();
        while (system.ActorCount != 0)
        {
            if (clock.Elapsed > SupervisorStreams.Timeout)
            {
                Assert.Fail($"Expected every actor of '{system}' to have stopped within {SupervisorStreams.Timeout}, but {system.ActorCount} still run.");
            }

            await Task.Yield();
        }
    }
}
