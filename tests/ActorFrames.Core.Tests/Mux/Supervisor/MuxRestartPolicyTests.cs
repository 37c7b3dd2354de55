using ActorFrames.Mux;
using ActorFrames.TestKit;

namespace ActorFrames.Tests.Mux.Supervisor;

public sealed class MuxRestartPolicyTests
{
    private static MuxSupervisorOptions Options(int maxRestarts = 3, double jitter = 0.2) => new()
    {
        MaxRestarts = maxRestarts,
        RestartWindow = TimeSpan.FromSeconds(10),
        BackoffMin = TimeSpan.FromMilliseconds(100),
        BackoffMax = TimeSpan.FromMilliseconds(500),
        BackoffJitter = jitter,
    };

    [Fact]
    public void TryCountFailure_MoreFailuresThanTheLimitWithinTheWindow_RefusesTheRestart()
    {
        var policy = new MuxRestartPolicy(Options(maxRestarts: 2), streamCount: 2, seed: 1, new ManualTimeProvider());

        Assert.True(policy.TryCountFailure(0, out int first));
        Assert.True(policy.TryCountFailure(0, out int second));
        Assert.False(policy.TryCountFailure(0, out int third));
        Assert.Equal((1, 2, 3), (first, second, third));
        Assert.True(policy.TryCountFailure(1, out int other));
        Assert.Equal(1, other);
    }

    [Fact]
    public void TryCountFailure_AfterTheWindowHasPassed_StartsCountingAgain()
    {
        var time = new ManualTimeProvider();
        var policy = new MuxRestartPolicy(Options(maxRestarts: 1), streamCount: 1, seed: 1, time);

        Assert.True(policy.TryCountFailure(0, out _));
        time.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1));

        Assert.True(policy.TryCountFailure(0, out int attempt));
        Assert.Equal(1, attempt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void TryCountFailure_ZeroPrunesAtOnceAndMinusOneNever(int maxRestarts)
    {
        var policy = new MuxRestartPolicy(Options(maxRestarts), streamCount: 1, seed: 1, new ManualTimeProvider());
        bool allowed = true;
        for (int i = 0; i < 100; i++)
        {
            allowed &= policy.TryCountFailure(0, out _);
        }

        Assert.Equal(maxRestarts < 0, allowed);
    }

    [Fact]
    public void ComputeDelay_DoublesPerRestartWithinTheJitterAndIsCappedAndReplayable()
    {
        var policy = new MuxRestartPolicy(Options(), streamCount: 3, seed: 42, new ManualTimeProvider());
        var again = new MuxRestartPolicy(Options(), streamCount: 3, seed: 42, new ManualTimeProvider());
        var otherSeed = new MuxRestartPolicy(Options(), streamCount: 3, seed: 43, new ManualTimeProvider());

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            var nominal = TimeSpan.FromMilliseconds(100 << (attempt - 1));
            Assert.InRange(policy.ComputeDelay(0, attempt), nominal, nominal * 1.2);
            Assert.Equal(policy.ComputeDelay(0, attempt), again.ComputeDelay(0, attempt));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.ComputeDelay(0, 10));
        Assert.NotEqual(policy.ComputeDelay(0, 1), policy.ComputeDelay(1, 1));
        Assert.NotEqual(policy.ComputeDelay(0, 1), otherSeed.ComputeDelay(0, 1));
        var exact = new MuxRestartPolicy(Options(jitter: 0), streamCount: 1, seed: 42, new ManualTimeProvider());
        Assert.Equal(TimeSpan.FromMilliseconds(200), exact.ComputeDelay(0, 2));
    }

    [Fact]
    public void DescribePrune_NamesTheLimitTheWindowAndTheLastError()
    {
        var policy = new MuxRestartPolicy(Options(maxRestarts: 2), streamCount: 1, seed: 1, new ManualTimeProvider());

        string reason = policy.DescribePrune(3, new IOException("device unplugged"));

        Assert.Equal("it failed 3 times within 00:00:10, more than the 2 restarts allowed; last error: IOException: device unplugged", reason);
    }
}
