using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Handlers;

public sealed class BuiltInHandlersTests
{
    [Fact]
    public void Register_EmptyRegistry_AddsFloatAndInt16VariantsOfEachHandler()
    {
        var registry = BuiltInHandlers.Register(new HandlerRegistry(), "segments-out");

        Assert.Equal(ElementType.F32, registry.Get<float, LevelResult>("level").ElementType);
        Assert.Equal(ElementType.S16, registry.Get<short, LevelResult>("level.s16").ElementType);
        Assert.NotNull(registry.Get<float, SpectrumResult>("spectrum"));
        Assert.NotNull(registry.Get<short, SpectrumResult>("spectrum.s16"));
        Assert.NotNull(registry.Get<float, SegmentResult>("segments"));
        Assert.NotNull(registry.Get<short, SegmentResult>("segments.s16"));
    }

    [Fact]
    public void Register_SpectrumFactory_CreatesOneInstancePerWorker()
    {
        var registration = BuiltInHandlers.Register(new HandlerRegistry()).Get<float, SpectrumResult>("spectrum");

        Assert.NotSame(registration.Factory(), registration.Factory());
    }

    [Fact]
    public void Register_Twice_ThrowsNamingTheDuplicate()
    {
        var registry = BuiltInHandlers.Register(new HandlerRegistry());

        var error = Assert.Throws<ArgumentException>(() => BuiltInHandlers.Register(registry));
        Assert.Contains("level", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ElementType.F32, "level")]
    [InlineData(ElementType.S16, "level.s16")]
    public void NameFor_ElementType_ReturnsRegisteredName(ElementType type, string expected)
        => Assert.Equal(expected, BuiltInHandlers.NameFor(BuiltInHandlers.Level, type));

    [Fact]
    public void NameFor_UnsupportedType_Throws()
        => Assert.Throws<NotSupportedException>(() => BuiltInHandlers.NameFor("level", ElementType.F64));
}
