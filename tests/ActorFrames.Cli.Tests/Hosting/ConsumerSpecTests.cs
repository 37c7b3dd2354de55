using ActorFrames.Hosting;

namespace ActorFrames.Tests.Hosting;

public sealed class ConsumerSpecTests
{
    [Fact]
    public void Parse_NameAndSize_LeavesHandlerAndWorkersToConfiguration()
    {
        var spec = ConsumerSpec.Parse("level:0.5s");

        Assert.Equal(new ConsumerSpec("level", "0.5s", null, null), spec);
        Assert.Equal([new("ActorFrames:Consumers:level:Size", "0.5s")], spec.ToConfiguration());
    }

    [Fact]
    public void Parse_AllParts_SelectsThePoolForSeveralWorkers()
    {
        var settings = new Dictionary<string, string?>(ConsumerSpec.Parse("fft:2s:spectrum:4").ToConfiguration());

        Assert.Equal("2s", settings["ActorFrames:Consumers:fft:Size"]);
        Assert.Equal("spectrum", settings["ActorFrames:Consumers:fft:Handler"]);
        Assert.Equal("4", settings["ActorFrames:Consumers:fft:Workers"]);
        Assert.Equal("Pool", settings["ActorFrames:Consumers:fft:WorkerMode"]);
    }

    [Theory]
    [InlineData("level", "NAME:SIZE")]
    [InlineData(":0.5s", "NAME:SIZE")]
    [InlineData("level:fast", "SIZE 'fast'")]
    [InlineData("level:1s::2", "HANDLER is empty")]
    [InlineData("level:1s:level:0", "WORKERS '0'")]
    [InlineData("level:1s:level:2:x", "NAME:SIZE")]
    public void Parse_Malformed_ThrowsNamingOptionValueAndRule(string text, string rule)
    {
        var error = Assert.Throws<FormatException>(() => ConsumerSpec.Parse(text));

        Assert.StartsWith($"--consumer '{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }
}
