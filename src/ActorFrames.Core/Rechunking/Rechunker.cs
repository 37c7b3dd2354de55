using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Rechunking;

/// <summary>
/// Cuts one source's frames into chunks for one or more consumers, each with its own
/// <see cref="RechunkOptions"/>. A plain class: no actors, no I/O, no locks; its owner calls
/// <see cref="Write(Frame{T})"/>, <see cref="Complete"/> and the read methods from one thread at a time.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// <para>
/// Each frame is copied once into a pooled, reference-counted segment ring shared by all consumers; every
/// chunk is a leased slice of a segment, whatever its consumer, size or overlap. Disposing a chunk releases
/// its lease; a segment's memory returns to the pool when its last chunk is disposed, and the region a chunk
/// covers is never written again while the chunk lives. When a segment fills, the data still pending for
/// some consumer (less than one chunk) is copied to the start of the next, so chunks never straddle segments.
/// </para>
/// <para>
/// Writing does not take ownership of the frame: the caller keeps its reference and may release it as soon
/// as <see cref="Write(Frame{T})"/> returns. Chunks wait per consumer until read
/// (<see cref="RechunkConsumer{T}.TryRead"/> or <see cref="TryRead"/>); whoever reads one owns it and
/// disposes it. In steady state nothing is allocated per frame or per chunk.
/// </para>
/// </remarks>
public sealed class Rechunker<T> : IDisposable
    where T : unmanaged
{
    private const int SegmentBytes = 1 << 20;
    private const int SegmentWindows = 4;

    private readonly RechunkConsumer<T>[] _consumers;
    private readonly FrameMarks _marks = new();
    private RingSegment<T>? _segment;
    private long _written;
    private int _channels;
    private double? _rate;
    private SourceId _source;
    private int _segmentElements;
    private int _readIndex;
    private long _framesWritten;
    private readonly bool _sampling;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a rechunker with one consumer.</summary>
    /// <param name="consumer">The consumer's name, carried by its chunks.</param>
    /// <param name="options">How the consumer's chunks are cut.</param>
    /// <param name="logger">Logs drops (once per consumer); none by default.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names every failure.</exception>
    public Rechunker(string consumer, RechunkOptions options, ILogger? logger = null)
        : this([KeyValuePair.Create(consumer, options)], logger)
    {
    }

    /// <summary>Creates a rechunker whose consumers share one copy of every frame.</summary>
    /// <param name="consumers">Each consumer's name and options, in the order <see cref="Consumers"/> lists them.</param>
    /// <param name="logger">Logs drops (once per consumer); none by default.</param>
    /// <exception cref="ArgumentException">A name is empty or repeated, or options are invalid.</exception>
    public Rechunker(IEnumerable<KeyValuePair<string, RechunkOptions>> consumers, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(consumers);
        var log = logger ?? NullLogger.Instance;
        var list = new List<RechunkConsumer<T>>();
        foreach (var (name, options) in consumers)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(consumers));
            ArgumentNullException.ThrowIfNull(options, nameof(consumers));
            foreach (var existing in list)
            {
                if (existing.Name == name)
                {
                    throw new ArgumentException($"Consumer name '{name}' is given twice: consumer names must be unique within a rechunker.", nameof(consumers));
                }
            }

            var consumer = new RechunkConsumer<T>(this, name, options, log);
            _sampling |= consumer.Sampling;
            list.Add(consumer);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A rechunker needs at least one consumer.", nameof(consumers));
        }

        _consumers = [.. list];
        Consumers = new ReadOnlyCollection<RechunkConsumer<T>>(_consumers);
    }

    /// <summary>Gets the consumers, in the order they were given.</summary>
    public IReadOnlyList<RechunkConsumer<T>> Consumers { get; }

    /// <summary>Gets whether <see cref="Complete"/> was called.</summary>
    public bool IsCompleted => _completed;

    /// <summary>Gets the number of chunks waiting over all consumers.</summary>
    public int Count => Waiting;

    /// <summary>Gets or sets the number of chunks waiting over all consumers (kept by the consumers).</summary>
    internal int Waiting { get; set; }

    internal long FramesWritten => _framesWritten;

    /// <summary>Gets or sets the segment size in elements (0: chosen from the sizes); tests set it small to force rollovers.</summary>
    internal int SegmentElements { get; set; }

    internal long Written => _written;

    internal RingSegment<T>? Segment => _segment;

    internal FrameMarks Marks => _marks;

    internal SourceId Source => _source;

    /// <summary>
    /// Writes a frame: its elements are copied once, and every chunk it completes waits in its consumer.
    /// The frame stays the caller's (no reference is taken or released).
    /// </summary>
    /// <param name="frame">The frame.</param>
    /// <exception cref="ArgumentException">
    /// The frame's channel count or rate differs from the first frame's, or (on the first frame) a duration
    /// needs a rate nobody gave.
    /// </exception>
    /// <exception cref="InvalidOperationException">The rechunker was completed or disposed.</exception>
    public void Write(Frame<T> frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Write(frame.Span, frame.Info);
    }

    /// <summary>Writes a frame given as elements and metadata (a source may write without renting a frame).</summary>
    /// <param name="elements">The interleaved elements: a multiple of <see cref="FrameInfo.Channels"/>.</param>
    /// <param name="info">The frame's source, sequence, timestamp, channels and rate.</param>
    /// <exception cref="ArgumentException">The frame is malformed or does not match the stream.</exception>
    /// <exception cref="InvalidOperationException">The rechunker was completed or disposed.</exception>
    public void Write(ReadOnlySpan<T> elements, in FrameInfo info)
    {
        if (_completed)
        {
            ThrowCompleted();
        }

        if (info.Channels != _channels || info.SampleRate != _rate)
        {
            CheckOrStart(elements.Length, info);
        }
        else if (_channels != 1 && elements.Length % _channels != 0)
        {
            ThrowPartialSample(elements.Length, info);
        }

        _framesWritten++;
        var consumers = _consumers;
        if (_sampling)
        {
            var taken = 0;
            for (var i = 0; i < consumers.Length; i++)
            {
                if (consumers[i].Offer(info.Timestamp))
                {
                    taken++;
                }
            }

            if (taken == 0)
            {
                return;
            }
        }

        if (elements.Length == 0)
        {
            return;
        }

        var start = Append(elements, info.Timestamp);
        var end = _written;
        var mark = _marks.Next - 1;
        for (var i = 0; i < consumers.Length; i++)
        {
            var consumer = consumers[i];
            if (!_sampling || consumer.Took)
            {
                consumer.OnData(start, end, mark);
            }
        }
    }

    /// <summary>
    /// Takes a waiting chunk of any consumer: all of one consumer's, then the next consumer's, round the list.
    /// The caller owns the chunk; <see cref="Chunk{T}.Consumer"/> tells whose it is.
    /// </summary>
    /// <param name="chunk">The chunk, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a chunk was waiting.</returns>
    public bool TryRead([NotNullWhen(true)] out Chunk<T>? chunk)
    {
        if (Waiting == 0)
        {
            chunk = null;
            return false;
        }

        var consumers = _consumers;
        for (var i = 0; i < consumers.Length; i++)
        {
            if (consumers[_readIndex].TryRead(out chunk))
            {
                return true;
            }

            _readIndex = _readIndex + 1 == consumers.Length ? 0 : _readIndex + 1;
        }

        chunk = null;
        return false;
    }

    /// <summary>
    /// Ends the stream: each consumer's tail (data too short for a chunk) is emitted as a partial chunk or
    /// dropped, as its <see cref="RechunkOptions.Tail"/> says. Waiting chunks stay readable. Only the first
    /// call has an effect.
    /// </summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_segment is not null)
        {
            foreach (var consumer in _consumers)
            {
                consumer.Complete();
            }
        }

        ReleaseSegment();
    }

    /// <summary>Disposes every waiting chunk and releases the ring. Chunks already read stay valid until disposed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _completed = true;
        foreach (var consumer in _consumers)
        {
            consumer.DisposeWaiting();
        }

        ReleaseSegment();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Append(ReadOnlySpan<T> elements, DateTimeOffset timestamp)
    {
        var segment = _segment;
        if (segment is null || segment.Array.Length - segment.Filled < elements.Length)
        {
            segment = Rollover(elements.Length);
        }

        elements.CopyTo(segment.Array.AsSpan(segment.Filled));
        segment.Filled += elements.Length;
        var start = _written;
        _written = start + elements.Length;
        if (_marks.IsFull)
        {
            _marks.DropBefore(FirstMarkNeeded());
        }

        _marks.Push(start, timestamp);
        return start;
    }

    private RingSegment<T> Rollover(int incoming)
    {
        var keepFrom = _written;
        foreach (var consumer in _consumers)
        {
            if (consumer.Active && consumer.NextStart < keepFrom)
            {
                keepFrom = consumer.NextStart;
            }
        }

        var keep = (int)(_written - keepFrom);
        var capacity = Math.Max(_segmentElements, (long)keep + incoming);
        if (capacity > Array.MaxLength)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"A frame of {incoming} elements after {keep} pending ones needs a segment of {capacity} elements, more than an array holds."));
        }

        var next = RingSegment<T>.Rent((int)capacity, keepFrom);
        if (keep > 0)
        {
            var old = _segment!;
            old.Array.AsSpan((int)(keepFrom - old.Origin), keep).CopyTo(next.Array);
        }

        next.Filled = keep;
        _segment?.Release();
        _segment = next;
        return next;
    }

    private long FirstMarkNeeded()
    {
        var first = _marks.Next;
        foreach (var consumer in _consumers)
        {
            if (consumer.Active && consumer.MarkIndex < first)
            {
                first = consumer.MarkIndex;
            }
        }

        return first;
    }

    private void ReleaseSegment()
    {
        _segment?.Release();
        _segment = null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckOrStart(int length, in FrameInfo info)
    {
        if (info.Channels <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {info.Sequence} of source '{info.Source}' has Channels = {info.Channels}: a frame has at least one channel."), nameof(info));
        }

        if (length % info.Channels != 0)
        {
            ThrowPartialSample(length, info);
        }

        if (_channels == 0)
        {
            if (info.SampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {info.Sequence} of source '{info.Source}' has SampleRate = {rate}: a rate is positive and finite, or null."), nameof(info));
            }

            foreach (var consumer in _consumers)
            {
                consumer.Resolve(info.Channels, info.SampleRate, info);
            }

            var largest = 0;
            foreach (var consumer in _consumers)
            {
                largest = Math.Max(largest, consumer.SizeElements);
            }

            _segmentElements = SegmentElements > 0 ? SegmentElements : (int)Math.Min(Array.MaxLength, Math.Max(SegmentBytes / Unsafe.SizeOf<T>(), (long)largest * SegmentWindows));
            _channels = info.Channels;
            _rate = info.SampleRate;
            _source = info.Source;
            return;
        }

        if (info.Channels != _channels)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {info.Sequence} of source '{info.Source}' has Channels = {info.Channels}, but the stream started with {_channels}: a rechunker's frames keep one channel count."), nameof(info));
        }

        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {info.Sequence} of source '{info.Source}' has SampleRate = {Show(info.SampleRate)}, but the stream started with {Show(_rate)}: a rechunker's frames keep one rate."), nameof(info));
    }

    private static string Show(double? rate) => rate is { } r ? r.ToString(CultureInfo.InvariantCulture) : "none";

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowPartialSample(int length, in FrameInfo info)
        => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Frame {info.Sequence} of source '{info.Source}' holds {length} elements, not a multiple of its {info.Channels} channels: frames hold whole interleaved samples."), nameof(info));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCompleted()
        => throw new InvalidOperationException(_disposed
            ? "The rechunker was disposed: no frame may be written after Dispose()."
            : "The rechunker was completed: no frame may be written after Complete().");
}
