using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorFrames.Actors;
using ActorFrames.Diagnostics;
using ActorFrames.Pipelines;
using ActorFrames.Rechunking;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Pipelines;

public sealed class PipelineMetricsTests
{
    [Fact]
    public async Task RunAsync_WithAMeterListener_CountsFramesChunksAndBalancesInFlight()
    {
        var source = $"metrics-{Guid.NewGuid():N}";
        var consumer = $"c-{Guid.NewGuid():N}";
        var totals = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ActorFramesMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, 1, tags));
        listener.Start();
        await using var system = ActorSystem.Create("metrics");

        await Pipeline.From(PipelineTestHandlers.Frames(Enumerable.Repeat("abcde", 200), source))
            .WithHandlers(PipelineTestHandlers.Registry())
            .WithSystem(system)
            .Consumer<long>(new ConsumerOptions { Name = consumer, Handler = "sum", Chunking = new RechunkOptions { Size = 100 }, Mode = WorkerMode.Pool(2) })
            .RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, totals.GetValueOrDefault("actorframes.frames.in"));
        Assert.Equal(10, totals.GetValueOrDefault("actorframes.chunks.out"));
        Assert.Equal(0, totals.GetValueOrDefault("actorframes.chunks.in_flight"));
        Assert.Equal(10, totals.GetValueOrDefault("actorframes.handler.duration"));

        void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if ((tag.Key == ActorFramesMetrics.SourceTag && (string?)tag.Value == source) || (tag.Key == ActorFramesMetrics.ConsumerTag && (string?)tag.Value == consumer))
                {
                    totals.AddOrUpdate(name, value, (_, v) => v + value);
                }
            }
        }
    }
}
