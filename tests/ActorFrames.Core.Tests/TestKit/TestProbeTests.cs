using ActorFrames.Actors;
using ActorFrames.TestKit;
using ActorFrames.Tests.Actors;

namespace ActorFrames.Tests.TestKit;

public sealed class TestProbeTests
{
    [Fact]
    public async Task ExpectMsgAsync_WrongType_FailsNamingBothTypes()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);
        probe.Tell("text");

        var ex = await Assert.ThrowsAsync<ExpectationFailedException>(() => probe.ExpectMsgAsync<int>());

        Assert.Contains("System.Int32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("System.String", ex.Message, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ExpectMsgAsync_PredicateFails_Throws()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);
        probe.Tell(3);

        await Assert.ThrowsAsync<ExpectationFailedException>(() => probe.ExpectMsgAsync<int>(n => n > 5));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ExpectMsgAsync_NothingArrives_FailsAfterTimeout()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);

        var ex = await Assert.ThrowsAsync<ExpectationFailedException>(() => probe.ExpectMsgAsync<string>(timeout: TimeSpan.FromMilliseconds(30)));

        Assert.Contains("received nothing", ex.Message, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ExpectNoMsgAsync_MessageArrives_Fails()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);
        var quiet = probe.ExpectNoMsgAsync(TimeSpan.FromSeconds(30));

        probe.Tell("surprise");

        var ex = await Assert.ThrowsAsync<ExpectationFailedException>(() => quiet);
        Assert.Contains("surprise", ex.Message, StringComparison.Ordinal);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task ExpectNoMsgAsync_ManualClock_CompletesWhenAdvanced()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("probe", new ActorSystemOptions { TimeProvider = time });
        var probe = new TestProbe(system);

        var quiet = probe.ExpectNoMsgAsync(TimeSpan.FromMinutes(10));
        Assert.False(quiet.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(10));

        await quiet.WaitAsync(TimeSpan.FromSeconds(5));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task FishForMessageAsync_SkipsUntilMatch()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);
        probe.Tell("noise");
        probe.Tell(1);
        probe.Tell(7);

        Assert.Equal(7, await probe.FishForMessageAsync<int>(n => n > 5));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task WithinAsync_ManualClock_ChecksElapsedSystemTime()
    {
        var time = new ManualTimeProvider();
        await using var system = ActorSystem.Create("probe", new ActorSystemOptions { TimeProvider = time });
        var probe = new TestProbe(system);

        await probe.WithinAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), () =>
        {
            time.Advance(TimeSpan.FromSeconds(2.5));
            return Task.CompletedTask;
        });
        await Assert.ThrowsAsync<ExpectationFailedException>(() => probe.WithinAsync(TimeSpan.FromSeconds(1), () =>
        {
            time.Advance(TimeSpan.FromSeconds(2));
            return Task.CompletedTask;
        }));
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task Reply_AndAsk_RoundTrip()
    {
        await using var system = ActorSystem.Create("probe");
        var probe = new TestProbe(system);

        var ask = probe.AskAsync<string>("question", TimeSpan.FromSeconds(5));
        await probe.ExpectMsgEqualAsync("question");
        probe.Reply("answer");

        Assert.Equal("answer", await ask);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task DeadLetterProbe_SeesMessagesToDeadLetterOffice()
    {
        await using var system = ActorSystem.Create("probe");
        using var deadLetters = new DeadLetterProbe(system);

        system.DeadLetters.Tell("lost");

        var letter = await deadLetters.FishForDeadLetterAsync<string>(s => s == "lost");
        Assert.Equal(DeadLetterReason.NoRecipient, letter.Reason);
        Assert.Equal(1, system.DeadLetters.Count);
        await system.ShutdownAndAssertEmptyAsync();
    }
}
