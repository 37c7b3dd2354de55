using Microsoft.Extensions.Logging;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>
/// A logger factory whose loggers count events by id, so that a test can wait for a component to log something (a
/// reconnect, say) instead of polling its state.
/// </summary>
internal sealed class EventSignalLoggerFactory : ILoggerFactory, ILogger
{
    private readonly Dictionary<int, int> _counts = [];
    private readonly List<(int EventId, int Times, TaskCompletionSource Logged)> _waiters = [];

    /// <summary>Completes once the event <paramref name="eventId"/> has been logged <paramref name="times"/> times.</summary>
    public Task WhenLoggedAsync(int eventId, int times)
    {
        lock (_waiters)
        {
            if (_counts.GetValueOrDefault(eventId) >= times)
            {
                return Task.CompletedTask;
            }

            var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, times, logged));
            return logged.Task;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_waiters)
        {
            var count = _counts[eventId.Id] = _counts.GetValueOrDefault(eventId.Id) + 1;
            _waiters.RemoveAll(waiter => waiter.EventId == eventId.Id && count >= waiter.Times && waiter.Logged.TrySetResult());
        }
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
