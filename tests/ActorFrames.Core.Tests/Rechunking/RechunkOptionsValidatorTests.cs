using ActorFrames.Rechunking;

namespace ActorFrames.Tests.Rechunking;

public sealed class RechunkOptionsValidatorTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "size0", "RechunkOptions[c].Size = 0: the size must be at least 1 sample." },
        { "neither", "RechunkOptions[c].Size = (not set) and RechunkOptions[c].Duration = (not set): set exactly one of them." },
        { "both", "RechunkOptions[c].Size = 10 and RechunkOptions[c].Duration = 00:00:01: set exactly one of them." },
        { "hop>size", "RechunkOptions[c].Hop = 11: the hop must not exceed RechunkOptions[c].Size = 10" },
        { "hopDuration>duration", "RechunkOptions[c].HopDuration = 00:00:02: the hop must not exceed RechunkOptions[c].Duration = 00:00:01" },
        { "hop0", "RechunkOptions[c].Hop = 0: the hop must be at least 1 sample." },
        { "wholeFramesHop", "overlapping chunks need RechunkOptions[c].Mode = Clip, not WholeFrames." },
        { "rate", "RechunkOptions[c].SampleRate = NaN: the rate must be a positive, finite number" },
        { "max0", "RechunkOptions[c].MaxBufferedChunks = 0: use -1 (unbounded) or at least 1." },
        { "pause", "RechunkOptions[c].Pause = -00:00:01: the pause must be zero or positive." },
        { "mode", "RechunkOptions[c].Mode = 7: use Clip or WholeFrames." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidOptions_FailsNamingKeyValueAndRule(string scenario, string expected)
    {
        var options = scenario switch
        {
            "size0" => new RechunkOptions { Size = 0 },
            "neither" => new RechunkOptions(),
            "both" => new RechunkOptions { Size = 10, Duration = TimeSpan.FromSeconds(1) },
            "hop>size" => new RechunkOptions { Size = 10, Hop = 11 },
            "hopDuration>duration" => new RechunkOptions { Duration = TimeSpan.FromSeconds(1), HopDuration = TimeSpan.FromSeconds(2) },
            "hop0" => new RechunkOptions { Size = 10, Hop = 0 },
            "wholeFramesHop" => new RechunkOptions { Size = 10, Hop = 5, Mode = RechunkMode.WholeFrames },
            "rate" => new RechunkOptions { Size = 10, SampleRate = double.NaN },
            "max0" => new RechunkOptions { Size = 10, MaxBufferedChunks = 0 },
            "pause" => new RechunkOptions { Size = 10, Pause = TimeSpan.FromSeconds(-1) },
            "mode" => new RechunkOptions { Size = 10, Mode = (RechunkMode)7 },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
        };

        var result = new RechunkOptionsValidator().Validate("c", options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => new Rechunker<byte>("c", options));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultsWithASize_Succeed()
    {
        var result = new RechunkOptionsValidator().Validate(null, new RechunkOptions { Size = 1 });

        Assert.True(result.Succeeded);
    }
}
