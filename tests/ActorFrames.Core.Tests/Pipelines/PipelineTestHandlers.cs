using System.Text;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Tests.Pipelines;

/// <summary>Handlers the pipeline tests register.</summary>
internal static class PipelineTestHandlers
{
    public static HandlerRegistry Registry(int seed = 7) => new HandlerRegistry()
        .Add("text", static () => new TextHandler(), ResultCodecs.String)
        .Add("sum", static () => new SumHandler(), ResultCodecs.Int64)
        .Add("jitter", () => new JitterHandler(seed), ResultCodecs.Int64)
        .Add("throw-on-3", static () => new ThrowOnThirdHandler(), ResultCodecs.Int64);

    /// <summary>Source of byte frames whose contents and timestamps are known.</summary>
    public static async IAsyncEnumerable<Frame<byte>> Frames(IEnumerable<string> contents, string source = "s", double? rate = null)
    {
        var sequence = 0L;
        foreach (var content in contents)
        {
            var info = new FrameInfo(new SourceId(source), sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), 1, rate);
            yield return Frame<byte>.Copy(Encoding.ASCII.GetBytes(content), info);
            sequence++;
            if (sequence % 97 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private sealed class TextHandler : IChunkHandler<byte, string>
    {
        public ValueTask<string> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
            => ValueTask.FromResult(Encoding.ASCII.GetString(chunk.Span));
    }

    private sealed class SumHandler : IChunkHandler<byte, long>
    {
        public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
        {
            long sum = 0;
            foreach (var b in chunk.Span)
            {
                sum += b;
            }

            return ValueTask.FromResult(sum);
        }
    }

    /// <summary>Finishes after a random number of yields, so completions come out of order.</summary>
    private sealed class JitterHandler(int seed) : IChunkHandler<byte, long>
    {
        private readonly Random _random = new(seed);

        public async ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
        {
            var yields = _random.Next(0, 8);
            for (var i = 0; i < yields; i++)
            {
                await Task.Yield();
            }

            return chunk.Sequence;
        }
    }

    private sealed class ThrowOnThirdHandler : IChunkHandler<byte, long>
    {
        public ValueTask<long> HandleAsync(Chunk<byte> chunk, CancellationToken cancellationToken)
            => chunk.Sequence == 3 ? throw new InvalidDataException("chunk 3 is bad") : ValueTask.FromResult(chunk.Sequence);
    }
}
