using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using ActorFrames.Rechunking;

namespace ActorFrames.Streams;

/// <summary>Rechunks an asynchronous sequence of frames, without an actor system.</summary>
public static class AsyncEnumerableRechunkExtensions
{
    /// <summary>
    /// Cuts a sequence of frames into chunks as <paramref name="options"/> say. The operator owns every frame
    /// it takes from <paramref name="frames"/> and releases it once copied; the caller owns every chunk it gets
    /// and disposes it. The tail comes last, when the frames end. Cancel through
    /// <see cref="TaskAsyncEnumerableExtensions.WithCancellation{T}(IAsyncEnumerable{T}, CancellationToken)"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="frames">The frames of one source.</param>
    /// <param name="options">How to cut; validated now.</param>
    /// <param name="consumer">The name the chunks carry.</param>
    /// <returns>The chunks, in order.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IAsyncEnumerable<Chunk<T>> Rechunk<T>(this IAsyncEnumerable<Frame<T>> frames, RechunkOptions options, string consumer = "default")
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        RechunkOptionsValidator.ThrowIfInvalid(consumer, options);
        return RechunkAsync(frames, options, consumer, default);
    }

    private static async IAsyncEnumerable<Chunk<T>> RechunkAsync<T>(
        IAsyncEnumerable<Frame<T>> frames,
        RechunkOptions options,
        string consumer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : unmanaged
    {
        // Disposing the rechunker (also when the caller stops early) disposes chunks it still holds.
        using var rechunker = new Rechunker<T>(consumer, options);
        await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                rechunker.Write(frame);
            }
            finally
            {
                frame.Release();
            }

            while (rechunker.TryRead(out var chunk))
            {
                yield return chunk;
            }
        }

        rechunker.Complete();
        while (rechunker.TryRead(out var chunk))
        {
            yield return chunk;
        }
    }
}
