using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorFrames.Diagnostics;
using ActorFrames.Frames;

namespace ActorFrames.Tests.Diagnostics;

public sealed class ActorFramesMetricsTests : IDisposable
{
    // Tests run in parallel against the one static meter: each test tags with its own unique name and
    // reads back only those measurements.
    private readonly string _name = "metrics-test-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<(string Instrument, double Value, string? Tag)> _measurements = new();
    private readonly MeterListener _listener = new();

    public ActorFramesMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ActorFramesMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void RecordFramesIn_WithListener_CountsFramesTaggedBySource()
    {
        ActorFramesMetrics.RecordFramesIn(new SourceId(_name), 3);

        Assert.Equal([("actorframes.frames.in", 3.0)], Mine(ActorFramesMetrics.SourceTag));
    }

    [Fact]
    public void RecordChunkDispatchedThenCompleted_WithListener_BalancesInFlightAndRecordsDuration()
    {
        ActorFramesMetrics.RecordChunkDispatched(_name);
        ActorFramesMetrics.RecordHandlerDuration(_name, TimeSpan.FromMilliseconds(250));
        ActorFramesMetrics.RecordChunkCompleted(_name, failed: true);
        ActorFramesMetrics.RecordChunksDropped(_name, 2);

        Assert.Equal(
            [
                ("actorframes.chunks.out", 1.0),
                ("actorframes.chunks.in_flight", 1.0),
                ("actorframes.handler.duration", 0.25),
                ("actorframes.chunks.in_flight", -1.0),
                ("actorframes.chunks.failed", 1.0),
                ("actorframes.chunks.dropped", 2.0),
            ],
            Mine(ActorFramesMetrics.ConsumerTag));
    }

    private List<(string, double)> Mine(string tagName)
    {
        var mine = new List<(string, double)>();
        foreach (var (instrument, value, tag) in _measurements)
        {
            if (tag == tagName + "=" + _name)
            {
                mine.Add((instrument, value));
            }
        }

        return mine;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Value is string text && text == _name)
            {
                _measurements.Enqueue((instrument.Name, value, tag.Key + "=" + text));
            }
        }
    }
}
