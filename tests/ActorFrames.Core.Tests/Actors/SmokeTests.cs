using ActorFrames.Actors;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Actors;

public sealed class SmokeTests
{
    [Fact]
    public async Task Tell_EchoActor_RepliesToProbe()
    {
        await using var system = ActorSystem.Create("smoke");
        var probe = new TestProbe(system);
        var echo = system.Spawn(EchoActor.Props, "echo");

        echo.Tell("hello", probe);

        Assert.Equal("hello", await probe.ExpectMsgAsync<string>());
        Assert.Equal(1, system.ActorCount);
        await system.ShutdownAndAssertEmptyAsync();
    }

    [Fact]
    public async Task AskAsync_Echo_ReturnsReply()
    {
        await using var system = ActorSystem.Create("smoke");
        var echo = system.Spawn(EchoActor.Props, "echo");

        int reply = await echo.AskAsync<int>(42, TimeSpan.FromSeconds(5));

        Assert.Equal(42, reply);
        await system.ShutdownAndAssertEmptyAsync();
    }
}
