using System.Runtime.CompilerServices;
using ActorFrames.Frames;

namespace ActorFrames.Sources;

/// <summary>Adapts <see cref="IFrameSource{T}"/> to <see cref="IAsyncEnumerable{T}"/>.</summary>
public static class FrameSourceExtensions
{
    /// <summary>
    /// Enumerates the frames of <paramref name="source"/> until its end. Every frame yielded is owned by the caller,
    /// who must release it; the source itself is not disposed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The source to drain.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The frames, in the order the source produced them.</returns>
    public static async IAsyncEnumerable<Frame<T>> ReadAllAsync<T>(
        this IFrameSource<T> source,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(source);
        while (await source.ReadAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            yield return frame;
        }
    }
}
