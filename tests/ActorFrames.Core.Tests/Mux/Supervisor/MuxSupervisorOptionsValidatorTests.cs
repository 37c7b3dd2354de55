using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux.Supervisor;

public sealed class MuxSupervisorOptionsValidatorTests
{
    private readonly MuxSupervisorOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new MuxSupervisorOptions()).Succeeded);

    [Fact]
    public void Validate_EveryBadValue_IsReportedWithItsKeyAndRule()
    {
        var options = new MuxSupervisorOptions
        {
            Mux = new StochasticMuxOptions { ActiveCount = 0, Rate = 0.5 },
            SourceId = " ",
            MaxRestarts = -2,
            RestartWindow = TimeSpan.Zero,
            BackoffMin = TimeSpan.Zero,
            BackoffMax = TimeSpan.FromSeconds(-1),
            BackoffJitter = 1.5,
            FramesInFlight = 0,
        };

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Mux:ActiveCount is 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mux:Rate is 0.5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("SourceId is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxRestarts is -2", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("RestartWindow is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("BackoffMin is 00:00:00", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("BackoffMax is -00:00:01", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("BackoffJitter is 1.5", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FramesInFlight is 0", StringComparison.Ordinal));
        Assert.Equal(9, failures.Count);
    }

    [Fact]
    public void ThrowIfInvalid_NullMux_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => MuxSupervisorOptionsValidator.ThrowIfInvalid(new MuxSupervisorOptions { Mux = null! }, "options"));

        Assert.Contains("Mux is null", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
