using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Mux;

namespace ActorFrames.Tests.Mux.Supervisor;

/// <summary>
/// Frame sources for the supervisor tests. Every frame holds two ASCII bytes: the stream's letter ('a' + stream) and
/// the item's digit-like code ('0' + item), so a consumer can tell exactly which item of which stream it got.
/// </summary>
internal static class SupervisorStreams
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Frame<byte> Make(int stream, int item, int channels = 1)
    {
        var info = new FrameInfo(new SourceId("s" + stream), item, DateTimeOffset.UnixEpoch.AddSeconds(item), channels);
        return channels == 1
            ? Frame<byte>.Copy([(byte)('a' + stream), (byte)('0' + item)], info)
            : Frame<byte>.Copy([(byte)('a' + stream), (byte)('0' + item), (byte)('a' + stream), (byte)('0' + item)], info);
    }

    public static string Text(Frame<byte> frame) => System.Text.Encoding.ASCII.GetString(frame.Span);

    /// <summary>The texts of items 0..count-1 of <paramref name="stream"/>.</summary>
    public static IEnumerable<string> Texts(int stream, int count) => Enumerable.Range(0, count).Select(i => $"{(char)('a' + stream)}{(char)('0' + i)}");

    /// <summary><paramref name="count"/> frames; with <paramref name="yieldEach"/> the source really suspends before each.</summary>
    public static Streamer<Frame<byte>> Finite(int stream, int count, bool yieldEach = false) => new(() => FiniteAsync(stream, count, yieldEach));

    /// <summary>Yields items 0 and 1, then throws when asked for its 3rd item; counts its iterations.</summary>
    public static Streamer<Frame<byte>> ThrowsOnThird(int stream, StrongBox<int>? opened = null) => new(() => ThrowingAsync(stream, opened));

    /// <summary>A live source: yields <paramref name="before"/> frames, then waits for data that never comes (until cancelled).</summary>
    public static Streamer<Frame<byte>> Idle(int stream, int before = 1) => new(() => IdleAsync(stream, before));

    /// <summary>Frames forever, as fast as they are asked for.</summary>
    public static Streamer<Frame<byte>> Endless(int stream) => new(() => EndlessAsync(stream));

    /// <summary>Frames with a different channel count.</summary>
    public static Streamer<Frame<byte>> Stereo(int stream, int count) => new(() => StereoAsync(stream, count));

    public static ActorSystem CreateSystem(TimeProvider time, string name = "muxsup")
        => ActorSystem.Create(name, new ActorSystemOptions { TimeProvider = time });

    private static async IAsyncEnumerable<Frame<byte>> FiniteAsync(int stream, int count, bool yieldEach, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            if (yieldEach)
            {
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return Make(stream, i);
        }
    }

    private static async IAsyncEnumerable<Frame<byte>> ThrowingAsync(int stream, StrongBox<int>? opened, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (opened is not null)
        {
            Interlocked.Increment(ref opened.Value);
        }

        await Task.Yield();
        yield return Make(stream, 0);
        yield return Make(stream, 1);
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"stream {stream} broke on its 3rd item");
    }

    private static async IAsyncEnumerable<Frame<byte>> IdleAsync(int stream, int before, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < before; i++)
        {
            yield return Make(stream, i);
        }

        await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
        yield return Make(stream, before);
    }

    private static async IAsyncEnumerable<Frame<byte>> EndlessAsync(int stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; ; i = (i + 1) % 64)
        {
            if (i % 16 == 0)
            {
                await Task.Yield();
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return Make(stream, i);
        }
    }

    private static async IAsyncEnumerable<Frame<byte>> StereoAsync(int stream, int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Make(stream, i, channels: 2);
        }
    }
}
