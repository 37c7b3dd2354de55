using ActorFrames.RabbitMq.Node;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>
/// An in-process worker node, running from construction. <see cref="StopAsync"/> stops it and surfaces its failure;
/// disposing stops it too, so that a test that failed half-way does not leave it consuming from the shared broker.
/// </summary>
internal sealed class RunningNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <summary>Initializes a new instance of the <see cref="RunningNode"/> class and starts <paramref name="node"/>.</summary>
    /// <param name="node">The node.</param>
    public RunningNode(WorkerNode node)
    {
        Node = node;
        _running = node.RunAsync(_stop.Token);
    }

    /// <summary>Gets the node.</summary>
    public WorkerNode Node { get; }

    /// <summary>Stops the node and waits for it; its failure, or a stop slower than <paramref name="timeout"/>, fails the test.</summary>
    /// <param name="timeout">How long the node may take to stop.</param>
    /// <returns>A task that completes when the node stopped.</returns>
    public async Task StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(timeout);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            // The test already failed (it never called StopAsync): its own failure is the one to report.
            await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(30)));
        }

        _stop.Dispose();
    }
}
