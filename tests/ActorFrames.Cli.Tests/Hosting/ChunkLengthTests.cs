using ActorFrames.Hosting;

namespace ActorFrames.Tests.Hosting;

public sealed class ChunkLengthTests
{
    [Theory]
    [InlineData("0.5s", 5_000_000L)]
    [InlineData("500ms", 5_000_000L)]
    [InlineData("2min", 1_200_000_000L)]
    [InlineData("10 s", 100_000_000L)]
    [InlineData("00:00:02", 20_000_000L)]
    public void Parse_Duration_ReturnsTicks(string text, long ticks)
    {
        var length = ChunkLength.Parse(text);

        Assert.Equal(TimeSpan.FromTicks(ticks), length.Duration);
        Assert.Null(length.Samples);
    }

    [Fact]
    public void Parse_WholeNumber_ReturnsSamples()
    {
        var length = ChunkLength.Parse("8000");

        Assert.Equal(8000, length.Samples);
        Assert.Equal(8000, length.ToSamples(16_000));
    }

    [Fact]
    public void ToSamples_Duration_RoundsAtTheRate() => Assert.Equal(8000, ChunkLength.Parse("0.5s").ToSamples(16_000));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("5h")]
    [InlineData("00:00:00")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(ChunkLength.TryParse(text, out _));

    [Fact]
    public void Parse_Invalid_ThrowsNamingTheTextAndTheForms()
    {
        var error = Assert.Throws<FormatException>(() => ChunkLength.Parse("fast"));

        Assert.Contains("'fast'", error.Message, StringComparison.Ordinal);
        Assert.Contains("500ms", error.Message, StringComparison.Ordinal);
    }
}
