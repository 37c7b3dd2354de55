using ActorFrames.Frames;
using ActorFrames.Handlers;
using ActorFrames.RabbitMq;
using ActorFrames.RabbitMq.Origin;
using ActorFrames.Workers;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Tests.Infrastructure;

/// <summary>Builds origins and chunks for the cluster tests.</summary>
internal static class ClusterTestKit
{
    public static HandlerRegistry Registry() => BuiltInHandlers.Register(new HandlerRegistry());

    /// <summary>Creates the cluster dispatcher of a consumer, as a pipeline would through its worker mode.</summary>
    public static ClusterDispatcher<byte, long> CreateOrigin(RabbitMqOptions options, string consumer, string handler, IResultSink<long> sink, int maxInFlight = 256, HandlerRegistry? registry = null)
    {
        var mode = WorkerMode.Cluster(options);
        var context = new DispatcherContext<long>(consumer, handler, registry ?? Registry(), sink, maxInFlight, TimeProvider.System, NullLoggerFactory.Instance);
        return (ClusterDispatcher<byte, long>)mode.CreateDispatcher<byte, long>(context);
    }

    /// <summary>Creates a chunk of <paramref name="size"/> pseudo-random bytes (seeded by the sequence).</summary>
    public static Chunk<byte> MakeChunk(string stream, string consumer, long sequence, int size, out long checksum, bool poison = false)
    {
        var data = new byte[size];
        new Random(unchecked((int)(sequence * 7919) ^ stream.GetHashCode(StringComparison.Ordinal))).NextBytes(data);
        if (poison)
        {
            BuiltInHandlers.PoisonMarker.CopyTo(data);
        }
        else if (data.AsSpan().StartsWith(BuiltInHandlers.PoisonMarker))
        {
            data[0] ^= 0xFF;
        }

        checksum = ChunkChecksum.Compute(data);
        var info = new ChunkInfo(new SourceId(stream), consumer, sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), 1, 48000, false);
        return Chunk<byte>.Copy(data, info);
    }
}
