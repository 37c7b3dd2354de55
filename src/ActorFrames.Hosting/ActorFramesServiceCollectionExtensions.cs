using ActorFrames.Diagnostics;
using ActorFrames.Handlers;
using ActorFrames.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ActorFrames.Hosting;

/// <summary>Registers ActorFrames with the .NET generic host.</summary>
public static class ActorFramesServiceCollectionExtensions
{
    /// <summary>
    /// Adds ActorFrames: <see cref="ActorFramesOptions"/> bound from the <c>ActorFrames</c> section of
    /// <paramref name="configuration"/> and validated when the host starts, the handler registry with the
    /// built-in handlers (segments written under the output folder), <see cref="TimeProvider.System"/>, and
    /// OTLP export of the <c>ActorFrames</c> meter when <c>ActorFrames:Metrics:OtlpEndpoint</c> is set.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration (see <see cref="ActorFramesConfiguration.AddActorFramesSources"/>).</param>
    /// <returns>A builder for further ActorFrames registrations.</returns>
    public static ActorFramesBuilder AddActorFrames(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(ActorFramesOptions.SectionName);
        services.AddOptions<ActorFramesOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActorFramesOptions>, ActorFramesOptionsValidator>(
            static provider => new ActorFramesOptionsValidator(provider.GetService<HandlerRegistry>())));
        services.TryAddSingleton(TimeProvider.System);

        // The registry reads the output folder from configuration, not from the validated options: the
        // validator checks handler names against the registry, so the registry must not need the options.
        services.TryAddSingleton(_ =>
        {
            var folder = section[nameof(ActorFramesOptions.OutputFolder)];
            folder = string.IsNullOrWhiteSpace(folder) ? new ActorFramesOptions().OutputFolder : folder;
            return BuiltInHandlers.Register(new HandlerRegistry(), Path.Combine(folder, BuiltInHandlers.DefaultSegmentsFolder));
        });

        // The exporter is wired at registration time, so the endpoint is read from configuration here;
        // a malformed one is left to the validator, which stops the host with a message naming the key.
        var metrics = new MetricsOptions();
        section.GetSection("Metrics").Bind(metrics);
        if (Uri.TryCreate(metrics.OtlpEndpoint, UriKind.Absolute, out var endpoint)
            && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps)
            && metrics.ExportInterval >= TimeSpan.FromMilliseconds(100))
        {
            var interval = (int)metrics.ExportInterval.TotalMilliseconds;
            services.TryAddSingleton(_ => Sdk.CreateMeterProviderBuilder()
                .AddMeter(ActorFramesMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = endpoint;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                })
                .Build());
            services.AddHostedService<MetricsExportService>();
        }

        return new ActorFramesBuilder(services);
    }
}
