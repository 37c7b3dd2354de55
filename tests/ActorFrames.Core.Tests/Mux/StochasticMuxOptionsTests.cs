using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux;

public sealed class StochasticMuxOptionsTests
{
    public static TheoryData<string, StochasticMuxOptions, string[]> InvalidOptions => new()
    {
        { "rate below 1", new StochasticMuxOptions { Rate = 0.5 }, ["Rate is 0.5", "from 1"] },
        { "rate not finite", new StochasticMuxOptions { Rate = double.PositiveInfinity }, ["Rate is Infinity", "from 1"] },
        { "rate NaN", new StochasticMuxOptions { Rate = double.NaN }, ["Rate is NaN"] },
        { "no active streams", new StochasticMuxOptions { ActiveCount = 0 }, ["ActiveCount is 0", "at least one"] },
        { "k above n without replacement", new StochasticMuxOptions { ActiveCount = 4, Mode = StochasticMuxMode.SingleActive }, ["ActiveCount is 4", "only 3 streams", "SingleActive"] },
        { "k above n exhaustive", new StochasticMuxOptions { ActiveCount = 4, Mode = StochasticMuxMode.Exhaustive }, ["ActiveCount is 4", "Exhaustive"] },
        { "weights of the wrong length", new StochasticMuxOptions { Weights = [1, 2] }, ["Weights has 2 entries", "3 streams"] },
        { "all-zero weights", new StochasticMuxOptions { Weights = [0, 0, 0] }, ["no positive value"] },
        { "negative weight", new StochasticMuxOptions { Weights = [1, -1, 1] }, ["Weights[1] is -1", "non-negative"] },
        { "undefined mode", new StochasticMuxOptions { Mode = (StochasticMuxMode)7 }, ["Mode is 7"] },
        { "undefined distribution", new StochasticMuxOptions { Distribution = (BudgetDistribution)9 }, ["Distribution is 9"] },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidSetting_ThrowsNamingParameterValueAndRule(string scenario, StochasticMuxOptions options, string[] fragments)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new StochasticMux<char>(TestStreams.Of("a", "b", "c"), options));

        Assert.Equal("options", error.ParamName);
        foreach (string fragment in fragments)
        {
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{scenario}: expected '{fragment}' in: {error.Message}");
        }
    }

    [Fact]
    public void Constructor_MoreSlotsThanStreamsWithReplacement_IsAllowed()
    {
        var mux = new StochasticMux<char>(TestStreams.Of("a", "b"), new StochasticMuxOptions { ActiveCount = 5, Rate = 2, Seed = 1 });

        Assert.Equal(20, mux.WithMaxItems(20).Iterate().Count());
    }

    [Fact]
    public void Constructor_NoStreams_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new StochasticMux<char>([], new StochasticMuxOptions()));

        Assert.Equal("streams", error.ParamName);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NullStream_ThrowsNamingItsIndex()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new StochasticMux<char>([TestStreams.Of("a"), null!], new StochasticMuxOptions()));

        Assert.Equal("streams", error.ParamName);
        Assert.Contains("Stream 1 is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OptionsChangedAfterwards_KeepsTheValidatedCopy()
    {
        var options = new StochasticMuxOptions { ActiveCount = 1, Rate = 1, Distribution = BudgetDistribution.Constant, Seed = 1 };
        var mux = new StochasticMux<char>([TestStreams.Of("ab")], options);
        options.Rate = 0.1;
        options.ActiveCount = 0;

        Assert.Equal("aaaa", new string([.. mux.WithMaxItems(4).Iterate()]));
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var validator = new StochasticMuxOptionsValidator();

        Assert.True(validator.Validate(null, new StochasticMuxOptions()).Succeeded);
        Assert.True(validator.Validate(null, new StochasticMuxOptions { Rate = null, Weights = [0, 1], ActiveCount = 3 }).Succeeded);
    }
}
