using System.Collections.Concurrent;
using ActorFrames.Actors;
using ActorFrames.TestKit;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Tests.Actors;

public sealed class ActorDiagnosticsTests
{
    private sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Text)> Entries { get; } = new();

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }

    [Fact]
    public async Task DeadLetter_IsLoggedAtDebugWithRecipientAndType()
    {
        using var logs = new CapturingLoggerFactory();
        await using var system = ActorSystem.Create("logs", new ActorSystemOptions { LoggerFactory = logs });
        var probe = new TestProbe(system);
        var actor = probe.Watch(system.Spawn(EchoActor.Props, "gone"));
        system.Stop(actor);
        await probe.ExpectTerminatedAsync(actor);

        actor.Tell(42);

        var entry = Assert.Single(logs.Entries, e => e.Id.Id == 1001);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Contains("Int32", entry.Text, StringComparison.Ordinal);
        Assert.Contains("actorframes://logs/user/gone", entry.Text, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Failure_IsLoggedOnceBySupervisorWithMessageType()
    {
        using var logs = new CapturingLoggerFactory();
        await using var system = ActorSystem.Create("faillogs", new ActorSystemOptions { LoggerFactory = logs });
        var actor = system.Spawn(FuncActor.Props(context =>
        {
            if (context.Message is "boom")
            {
                throw new InvalidOperationException("bad");
            }

            context.Respond(context.Message);
        }), "fails");

        actor.Tell("boom");
        Assert.Equal("ok", await actor.AskAsync<string>("ok", TimeSpan.FromSeconds(5)));

        var entry = Assert.Single(logs.Entries, e => e.Id.Id == 1003);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("String", entry.Text, StringComparison.Ordinal);
        Assert.Contains("actorframes://faillogs/user/fails", entry.Text, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public void Create_InvalidOptions_ThrowNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ActorSystem.Create("bad", new ActorSystemOptions { DefaultThroughput = 0 }));
        Assert.Contains("DefaultThroughput", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad name"));
    }

    [Fact]
    public async Task Metrics_DeadLettersAndSpawnsAreCountedOnTheActorFramesMeter()
    {
        long deadLetters = 0;
        long started = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorFrames.Diagnostics.ActorFramesMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "actorframes.dead_letters")
            {
                Interlocked.Add(ref deadLetters, value);
            }
            else if (instrument.Name == "actorframes.actors.started")
            {
                Interlocked.Add(ref started, value);
            }
        });
        listener.Start();
        await using var system = ActorSystem.Create("metrics");

        system.Spawn(EchoActor.Props);
        system.DeadLetters.Tell("nobody");

        Assert.True(Interlocked.Read(ref started) >= 1, "Expected the spawn to be counted.");
        Assert.True(Interlocked.Read(ref deadLetters) >= 1, "Expected the dead letter to be counted.");
        await system.ShutdownAndAssertEmptyAsync();
    }
}
