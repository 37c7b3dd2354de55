using System.Globalization;
using System.Runtime.CompilerServices;
using ActorFrames.Actors;
using ActorFrames.Frames;
using ActorFrames.Pipelines;

namespace ActorFrames.Mux;

/// <summary>
/// The one merged stream a mux supervisor emits: checks that every frame has the stream's format, re-stamps it with
/// the mux's source and a gapless sequence (keeping its timestamp), and hands it to every consumer as a source actor
/// does (one shared frame, one reference per consumer, waiting on full consumer mailboxes).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>Used by one actor at a time (its supervisor); a fresh instance per supervisor start.</remarks>
internal sealed class MuxOutput<T>
    where T : unmanaged
{
    private readonly SourceId _source;
    private readonly IActorRef[] _consumers;
    private readonly CancellationToken _stopping;
    private long _sequence;
    private int _channels;
    private double? _rate;
    private bool _formatKnown;

    /// <summary>Initializes the output.</summary>
    /// <param name="source">The merged stream's name.</param>
    /// <param name="consumers">Where the frames go.</param>
    /// <param name="stopping">Cancelled when the consumers are gone: a send waiting for room gives up and the frame is released.</param>
    public MuxOutput(string source, IActorRef[] consumers, CancellationToken stopping)
    {
        _source = new SourceId(source);
        _consumers = consumers;
        _stopping = stopping;
    }

    /// <summary>Gets the number of frames written so far (the next frame's sequence).</summary>
    public long Frames => _sequence;

    /// <summary>Gets whether the consumers are gone.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Checks <paramref name="frame"/> against the format of the stream's first frame.</summary>
    /// <param name="frame">A frame about to be written.</param>
    /// <returns>Null when it fits; otherwise what differs, for an exception message.</returns>
    public string? DescribeFormatProblem(Frame<T> frame)
    {
        if (!_formatKnown)
        {
            _channels = frame.Channels;
            _rate = frame.SampleRate;
            _formatKnown = true;
            return null;
        }

        return frame.Channels == _channels && frame.SampleRate == _rate
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"frame {frame.Sequence} of source '{frame.Source}' has {frame.Channels} channel(s) at {Show(frame.SampleRate)}, but mux '{_source}' started with {_channels} channel(s) at {Show(_rate)}: every stream of a mux must share one format");
    }

    /// <summary>Re-stamps <paramref name="frame"/> (taking over its reference) and sends the copy to every consumer.</summary>
    /// <param name="frame">A frame that passed <see cref="DescribeFormatProblem"/>.</param>
    /// <returns>A task that completes when every consumer has it (or the consumers are gone).</returns>
    public ValueTask WriteAsync(Frame<T> frame)
    {
        var merged = Frame<T>.Copy(frame.Span, new FrameInfo(_source, _sequence++, frame.Timestamp, frame.Channels, frame.SampleRate));
        frame.Release();
        var consumers = _consumers;
        if (consumers.Length == 0 || _stopping.IsCancellationRequested)
        {
            merged.Release();
            return ValueTask.CompletedTask;
        }

        merged.Retain(consumers.Length - 1);
        int c = 0;
        try
        {
            for (; c < consumers.Length; c++)
            {
                var sent = consumers[c].SendAsync(merged, null, _stopping);
                if (!sent.IsCompletedSuccessfully)
                {
                    return SendRestAsync(sent, merged, c);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            ReleaseUnsent(merged, c);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Tells every consumer the stream ended.</summary>
    public void Complete()
    {
        // Tell, not SendAsync: a full consumer mailbox queues it behind the frames already sent, in order.
        foreach (var consumer in _consumers)
        {
            consumer.Tell(EndOfStream.Instance);
        }
    }

    private static string Show(double? rate) => rate is { } r ? r.ToString(CultureInfo.InvariantCulture) + " Hz" : "no rate";

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRestAsync(ValueTask pending, Frame<T> frame, int current)
    {
        try
        {
            await pending.ConfigureAwait(false);
            while (++current < _consumers.Length)
            {
                await _consumers[current].SendAsync(frame, null, _stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            ReleaseUnsent(frame, current);
        }
    }

    /// <summary>Drops the references meant for the consumers from <paramref name="first"/> on, which the frame never reached.</summary>
    private void ReleaseUnsent(Frame<T> frame, int first)
    {
        for (int c = first; c < _consumers.Length; c++)
        {
            frame.Release();
        }
    }
}
