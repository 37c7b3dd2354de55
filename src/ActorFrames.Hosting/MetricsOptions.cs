namespace ActorFrames.Hosting;

/// <summary>Metrics export. Bound from <c>ActorFrames:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    /// <summary>Gets or sets the OTLP endpoint the <c>ActorFrames</c> meter is exported to (<c>http://localhost:4317</c>).</summary>
    /// <value><see langword="null"/> (or blank): no export (the meter can still be read by dotnet-counters).</value>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets how often metrics are exported.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(10);
}
