using ActorFrames.Frames;

namespace ActorFrames.Sources;

/// <summary>
/// A pull-based producer of frames (a file, a device, a pipe, a decoder). The consumer (the lead's SourceActor,
/// a test, an adapter) calls <see cref="ReadAsync"/> one frame at a time, so a slow consumer slows the source
/// down instead of filling memory.
/// </summary>
/// <typeparam name="T">The element type of the frames.</typeparam>
public interface IFrameSource<T> : IAsyncDisposable
    where T : unmanaged
{
    /// <summary>Gets the identity stamped on every frame the source produces.</summary>
    SourceId Id { get; }

    /// <summary>Gets the number of interleaved channels in each frame.</summary>
    int Channels { get; }

    /// <summary>Gets the rate in elements per second per channel, or <see langword="null"/> when the data has no rate.</summary>
    double? SampleRate { get; }

    /// <summary>Reads the next frame.</summary>
    /// <param name="cancellationToken">Cancels the wait for data.</param>
    /// <returns>
    /// The next frame, owned by the caller (who calls <see cref="Frame{T}.Release"/>), or <see langword="null"/> at the
    /// end of the stream.
    /// </returns>
    /// <exception cref="SourceFormatException">The input is malformed or truncated.</exception>
    ValueTask<Frame<T>?> ReadAsync(CancellationToken cancellationToken = default);
}
