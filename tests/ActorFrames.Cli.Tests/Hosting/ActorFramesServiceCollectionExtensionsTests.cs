using ActorFrames.Handlers;
using ActorFrames.Hosting;
using ActorFrames.Results;
using ActorFrames.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ActorFrames.Tests.Hosting;

public sealed class ActorFramesServiceCollectionExtensionsTests
{
    [Fact]
    public void AddActorFrames_EmbeddedDefault_BindsThreeConsumersEachOnItsOwnWorkerMode()
    {
        using var provider = Services(ConfigFiles.EmbeddedDefault()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ActorFramesOptions>>().Value;

        Assert.Equal(["level", "segments", "spectrum"], options.Consumers.Keys.Order(StringComparer.Ordinal));
        var level = options.Consumers["level"];
        var segments = options.Consumers["segments"];
        var spectrum = options.Consumers["spectrum"];
        Assert.Equal(("0.5s", WorkerKind.Inline, 1), (level.Size, level.WorkerMode, level.Workers));
        Assert.Equal(("10s", WorkerKind.Pool, 2), (segments.Size, segments.WorkerMode, segments.Workers));
        Assert.Equal(("2s", "0.5s", WorkerKind.Process), (spectrum.Size, spectrum.Every, spectrum.WorkerMode));
        Assert.Equal(ResultOrdering.Emission, spectrum.Ordering);
        Assert.Equal(SourceOptions.Generator, options.Source.Input);
        Assert.Null(options.Metrics.OtlpEndpoint);
        Assert.Equal(["inline", "pool(2)", "process(2)"], [level.CreateWorkerMode().Name, segments.CreateWorkerMode().Name, spectrum.CreateWorkerMode().Name]);
    }

    [Fact]
    public void AddActorFrames_EmbeddedDefault_EqualsTheRepositoryFile()
    {
        using var embedded = new StreamReader(ConfigFiles.EmbeddedDefault());

        Assert.Equal(File.ReadAllText(ConfigFiles.Path("local.json")), embedded.ReadToEnd());
    }

    [Fact]
    public void AddActorFrames_Registry_HoldsBuiltInHandlers()
    {
        using var provider = Services(ConfigFiles.EmbeddedDefault()).BuildServiceProvider();

        var registry = provider.GetRequiredService<HandlerRegistry>();

        Assert.True(registry.Contains(BuiltInHandlers.Level));
        Assert.True(registry.Contains(BuiltInHandlers.Spectrum + BuiltInHandlers.Int16Suffix));
        Assert.True(registry.Contains(BuiltInHandlers.Segments));
    }

    [Fact]
    public async Task StartAsync_InvalidValue_StopsTheHostNamingTheKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddActorFramesSources(ConfigFiles.EmbeddedDefault(), overrides: new Dictionary<string, string?> { ["ActorFrames:Consumers:segments:Workers"] = "0" });
        builder.Services.AddActorFrames(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ActorFrames:Consumers:segments:Workers = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ValidDefaults_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddActorFramesSources(ConfigFiles.EmbeddedDefault());
        builder.Services.AddActorFrames(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void AddActorFrames_OtlpEndpointSet_RegistersMeterProvider()
    {
        var services = Services(ConfigFiles.EmbeddedDefault(), new() { ["ActorFrames:Metrics:OtlpEndpoint"] = "http://127.0.0.1:4317" });

        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
        Assert.Contains(services, d => d.ImplementationType?.Name == "MetricsExportService");
    }

    [Fact]
    public void AddActorFrames_NoOtlpEndpoint_RegistersNoExport()
    {
        var services = Services(ConfigFiles.EmbeddedDefault());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Fact]
    public void AddActorFramesSources_CommandLineArgs_OverrideFileAndOverrides()
    {
        var configuration = new ConfigurationBuilder()
            .AddActorFramesSources(
                ConfigFiles.EmbeddedDefault(),
                file: ConfigFiles.Path("capture.json"),
                overrides: ConsumerSpec.Parse("level:250ms").ToConfiguration(),
                args: ["--ActorFrames:Source:Input=-"])
            .Build();

        Assert.Equal("-", configuration["ActorFrames:Source:Input"]);
        Assert.Equal("250ms", configuration["ActorFrames:Consumers:level:Size"]);
        Assert.Equal("actorframes-capture", configuration["ActorFrames:OutputFolder"]);
    }

    [Fact]
    public void AddActorFramesSources_MissingFile_ThrowsNamingIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddActorFramesSources(file: "no-such-config.json"));

        Assert.Contains("no-such-config.json", error.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection Services(Stream defaults, Dictionary<string, string?>? overrides = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(defaults).AddInMemoryCollection(overrides ?? []).Build();
        var services = new ServiceCollection();
        services.AddActorFrames(configuration);
        return services;
    }
}
