using ActorFrames.Handlers;
using ActorFrames.Hosting;
using ActorFrames.Workers;
using Microsoft.Extensions.Configuration;

namespace ActorFrames.Tests.Hosting;

public sealed class ActorFramesOptionsValidatorTests
{
    [Fact]
    public void Validate_LocalDefaults_Succeeds()
    {
        var result = Validator().Validate(null, Bind(File.OpenRead(ConfigFiles.Path("local.json"))));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_CaptureConfiguration_Succeeds()
    {
        var result = Validator().Validate(null, Bind(File.OpenRead(ConfigFiles.Path("capture.json"))));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Consumers:level:Workers", "0", "ActorFrames:Consumers:level:Workers = 0")]
    [InlineData("Consumers:level:Workers", "3", "the Inline worker mode runs exactly 1 worker")]
    [InlineData("Consumers:segments:Size", "ten seconds", "ActorFrames:Consumers:segments:Size = 'ten seconds'")]
    [InlineData("Consumers:spectrum:Every", "3s", "the hop must not exceed ActorFrames:Consumers:spectrum:Size = '2s'")]
    [InlineData("Consumers:spectrum:MaxInFlight", "1", "ActorFrames:Consumers:spectrum:MaxInFlight = 1: must be at least")]
    [InlineData("Consumers:spectrum:Handler", "spectrom", "ActorFrames:Consumers:spectrum:Handler = 'spectrom': no handler is registered")]
    [InlineData("Consumers:level:Overflow", "DropOldest", null)]
    [InlineData("Source:Duration", "-00:00:01", "ActorFrames:Source:Duration = -00:00:01")]
    [InlineData("Source:SampleRate", "100", "ActorFrames:Source:SampleRate = 100")]
    [InlineData("Source:Input", " ", "ActorFrames:Source:Input = ' '")]
    [InlineData("Metrics:OtlpEndpoint", "localhost:4317", "ActorFrames:Metrics:OtlpEndpoint = 'localhost:4317'")]
    [InlineData("Metrics:OtlpEndpoint", "", null)]
    [InlineData("Metrics:ExportInterval", "00:00:00.010", "ActorFrames:Metrics:ExportInterval")]
    [InlineData("Consumers:bad name:Size", "1s", "the consumer name 'bad name'")]
    [InlineData("Consumers:nosize:Handler", "level", "ActorFrames:Consumers:nosize:Size is not set")]
    public void Validate_OneBadValue_FailsNamingKeyValueAndRule(string key, string value, string? expected)
    {
        var options = Bind(File.OpenRead(ConfigFiles.Path("local.json")), new() { ["ActorFrames:" + key] = value });

        var result = Validator().Validate(null, options);

        if (expected is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed, $"Setting {key} = '{value}' should fail validation.");
            Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_NoConsumers_FailsAskingForOne()
    {
        var result = Validator().Validate(null, new ActorFramesOptions());

        Assert.Contains("ActorFrames:Consumers is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryOne()
    {
        var options = Bind(File.OpenRead(ConfigFiles.Path("local.json")), new()
        {
            ["ActorFrames:Consumers:level:Workers"] = "0",
            ["ActorFrames:Source:SampleRate"] = "1",
        });

        var result = Validator().Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void Validate_WithoutRegistry_AcceptsAnyHandlerName()
    {
        var options = Bind(File.OpenRead(ConfigFiles.Path("local.json")), new() { ["ActorFrames:Consumers:level:Handler"] = "my-handler" });

        Assert.True(new ActorFramesOptionsValidator().Validate(null, options).Succeeded);
    }

    internal static ActorFramesOptions Bind(Stream json, Dictionary<string, string?>? overrides = null)
    {
        using (json)
        {
            var configuration = new ConfigurationBuilder().AddJsonStream(json).AddInMemoryCollection(overrides ?? []).Build();
            var options = new ActorFramesOptions();
            configuration.GetSection(ActorFramesOptions.SectionName).Bind(options);
            return options;
        }
    }

    private static ActorFramesOptionsValidator Validator() => new(BuiltInHandlers.Register(new HandlerRegistry()));
}
