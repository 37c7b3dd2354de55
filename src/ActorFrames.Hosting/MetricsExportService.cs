using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace ActorFrames.Hosting;

/// <summary>
/// Starts the OTLP metrics export with the host and flushes it when the host stops. (It stands in for
/// OpenTelemetry.Extensions.Hosting, which the package registry here does not hold.)
/// </summary>
/// <param name="provider">The meter provider; resolving it starts the periodic export.</param>
internal sealed class MetricsExportService(MeterProvider provider) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        provider.ForceFlush(timeoutMilliseconds: 5_000);
        return Task.CompletedTask;
    }
}
