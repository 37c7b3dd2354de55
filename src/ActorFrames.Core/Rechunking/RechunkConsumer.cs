using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using ActorFrames.Frames;
using Microsoft.Extensions.Logging;

namespace ActorFrames.Rechunking;

/// <summary>
/// One consumer of a <see cref="Rechunker{T}"/>: its cutting state and the chunks cut for it that wait to be
/// read. Used only by the rechunker's owner (not thread-safe); the chunks it hands out may go anywhere.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class RechunkConsumer<T>
    where T : unmanaged
{
    private readonly Rechunker<T> _owner;
    private readonly ILogger _logger;
    private readonly Queue<Chunk<T>> _ready = new();
    private readonly RechunkOptions _options;
    private readonly RechunkMode _mode;
    private readonly RechunkTail _tail;
    private readonly int _maxBuffered;
    private readonly TimeSpan _pause;
    private readonly Func<TimeSpan>? _pauseSampler;
    private readonly TimeProvider? _pauseClock;
    private readonly bool _sampling;

    private int _sizeElements;
    private int _hopElements;
    private int _channels;
    private double? _rate;

    private bool _took;
    private bool _active;
    private long _nextStart;
    private long _dueAt;
    private long _emittedEnd;
    private long _markIndex;

    private bool _paused;
    private DateTimeOffset _pauseUntil;

    private long _framesDropped;
    private long _elementsDiscarded;
    private long _chunksCut;
    private long _chunksDropped;
    private long _chunksRead;
    private long _droppedSinceCut;
    private long _nextSequence;
    private bool _loggedDrop;

    internal RechunkConsumer(Rechunker<T> owner, string name, RechunkOptions options, ILogger logger)
    {
        RechunkOptionsValidator.ThrowIfInvalid(name, options);
        _owner = owner;
        _logger = logger;
        Name = name;
        _options = options;
        _mode = options.Mode;
        _tail = options.Tail;
        _maxBuffered = options.MaxBufferedChunks;
        _pause = options.Pause;
        _pauseSampler = options.PauseSampler;
        _pauseClock = options.PauseClock;
        _sampling = options.PauseSampler is not null || options.Pause > TimeSpan.Zero;
        Size = options.Size ?? 0;
        Hop = options.Hop ?? options.Size ?? 0;
    }

    /// <summary>Gets the consumer's name, carried by every chunk cut for it.</summary>
    public string Name { get; }

    /// <summary>Gets the chunk size in samples (0 until the first frame when the size is a duration).</summary>
    public int Size { get; private set; }

    /// <summary>Gets the hop in samples (0 until the first frame when the size or hop is a duration).</summary>
    public int Hop { get; private set; }

    /// <summary>Gets the number of chunks cut and waiting to be read.</summary>
    public int Count => _ready.Count;

    /// <summary>Gets the consumer's counters.</summary>
    public RechunkStatistics Statistics => new(_owner.FramesWritten, _framesDropped, _elementsDiscarded, _chunksCut, _chunksDropped, _chunksRead);

    internal bool Took => _took;

    internal bool Sampling => _sampling;

    internal bool Active => _active;

    internal long NextStart => _nextStart;

    internal long MarkIndex => _markIndex;

    internal int SizeElements => _sizeElements;

    /// <summary>
    /// Takes the oldest waiting chunk. The caller owns it and must dispose it (or hand it to the one handler
    /// that will). Its <see cref="ChunkInfo.Sequence"/> is given here, so the chunks read are numbered 0, 1, 2, …
    /// without gaps; drops show in <see cref="ChunkInfo.ChunksDroppedBefore"/>.
    /// </summary>
    /// <param name="chunk">The chunk, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a chunk was waiting.</returns>
    public bool TryRead([NotNullWhen(true)] out Chunk<T>? chunk)
    {
        if (!_ready.TryDequeue(out chunk))
        {
            return false;
        }

        _owner.Waiting--;

        chunk.SetInfo(chunk.Info with { Sequence = _nextSequence++ });
        _chunksRead++;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"RechunkConsumer<{typeof(T).Name}>({Name}, {Size} samples every {Hop}, {_mode})";

    /// <summary>Fixes sizes once the first frame tells the channel count and rate.</summary>
    internal void Resolve(int channels, double? frameRate, in FrameInfo first)
    {
        if (_options.SampleRate is { } explicitRate && frameRate is { } fr && fr != explicitRate)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Frame {first.Sequence} of source '{first.Source}' has SampleRate {fr}, but {Key}.SampleRate = {explicitRate}: frames that carry a rate must carry the configured one."),
                nameof(first));
        }

        _channels = channels;
        _rate = frameRate ?? _options.SampleRate;
        var size = _options.Size ?? Samples(_options.Duration!.Value, nameof(RechunkOptions.Duration), first);
        var hop = _options.Hop ?? (_options.HopDuration is { } hd ? Samples(hd, nameof(RechunkOptions.HopDuration), first) : size);
        if (hop > size)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Key}.Hop resolves to {hop} samples, more than {Key}.Size ({size} samples) at {_rate} samples/s: the hop must not exceed the size."),
                nameof(first));
        }

        var sizeElements = (long)size * channels;
        if (sizeElements > Array.MaxLength / 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Key}.Size resolves to {size} samples × {channels} channels = {sizeElements} elements: a chunk must hold at most {Array.MaxLength / 2} elements."),
                nameof(first));
        }

        Size = size;
        Hop = hop;
        _sizeElements = (int)sizeElements;
        _hopElements = hop * channels;
    }

    /// <summary>Decides whether the consumer takes a frame (the sampler may be pausing) and counts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Offer(DateTimeOffset frameTimestamp)
    {
        if (_paused && StillPaused(frameTimestamp))
        {
            _framesDropped++;
            _droppedSinceCut++;
            _took = false;
            return false;
        }

        _took = true;
        return true;
    }

    /// <summary>Cuts what the frame just appended at <paramref name="start"/> (ending at <paramref name="end"/>) completes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void OnData(long start, long end, long markIndex)
    {
        if (!_active)
        {
            _active = true;
            _nextStart = start;
            _emittedEnd = start;
            _markIndex = markIndex;
            _dueAt = start + _sizeElements;
        }

        if (_dueAt <= end)
        {
            CutDue(end);
        }
    }

    /// <summary>Cuts the tail at the end of the stream.</summary>
    internal void Complete()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        var end = _owner.Written;
        if (end <= _emittedEnd)
        {
            return;
        }

        if (_tail == RechunkTail.Drop)
        {
            _elementsDiscarded += end - _emittedEnd;
            return;
        }

        Cut(_nextStart, (int)(end - _nextStart), isPartial: true, TimestampAt(_nextStart));
    }

    /// <summary>Disposes every waiting chunk.</summary>
    internal void DisposeWaiting()
    {
        while (_ready.TryDequeue(out var chunk))
        {
            _owner.Waiting--;
            chunk.Dispose();
        }

        _active = false;
    }

    private string Key => RechunkOptionsValidator.KeyPrefix(Name);

    private void CutDue(long end)
    {
        if (_mode == RechunkMode.Clip)
        {
            CutClip(end);
        }
        else
        {
            CutWholeFrames(end);
        }
    }

    private void CutClip(long end)
    {
        do
        {
            var start = _nextStart;
            Cut(start, _sizeElements, isPartial: false, TimestampAt(start));
            _emittedEnd = start + _sizeElements;
            _nextStart = start + _hopElements;
            _dueAt = _nextStart + _sizeElements;
            if (_sampling && TryStartPause(_emittedEnd))
            {
                _elementsDiscarded += end - _emittedEnd;
                _active = false;
                return;
            }
        }
        while (_dueAt <= end);
    }

    private void CutWholeFrames(long end)
    {
        var length = end - _nextStart;
        if (length > Array.MaxLength)
        {
            ThrowChunkTooLong(length);
        }

        Cut(_nextStart, (int)length, isPartial: false, TimestampAt(_nextStart));
        _emittedEnd = end;
        _active = false;
        if (_sampling)
        {
            TryStartPause(end);
        }
    }

    private void Cut(long start, int length, bool isPartial, DateTimeOffset timestamp)
    {
        var segment = _owner.Segment;
        Debug.Assert(segment is not null && start >= segment.Origin && start + length <= segment.Origin + segment.Filled, "A chunk must lie inside the ring's current segment.");
        segment.Retain();
        var info = new ChunkInfo(_owner.Source, Name, 0, timestamp, _channels, _rate, isPartial, _droppedSinceCut, 0);
        _droppedSinceCut = 0;
        var chunk = Chunk<T>.Lease(segment.Array, (int)(start - segment.Origin), length, segment, info);
        _chunksCut++;
        if (_maxBuffered > 0 && _ready.Count >= _maxBuffered)
        {
            DropOldest(chunk);
        }

        _ready.Enqueue(chunk);
        _owner.Waiting++;
    }

    private void DropOldest(Chunk<T> incoming)
    {
        var oldest = _ready.Dequeue();
        _owner.Waiting--;
        var frames = oldest.Info.FramesDroppedBefore;
        var chunks = oldest.Info.ChunksDroppedBefore + 1;
        oldest.Dispose();
        _chunksDropped++;
        var heir = _ready.TryPeek(out var next) ? next : incoming;
        heir.SetInfo(heir.Info with
        {
            FramesDroppedBefore = heir.Info.FramesDroppedBefore + frames,
            ChunksDroppedBefore = heir.Info.ChunksDroppedBefore + chunks,
        });
        if (!_loggedDrop)
        {
            _loggedDrop = true;
            var source = _owner.Source.ToString();
            RechunkerLog.ChunksDropping(_logger, Name, source, _maxBuffered);
        }
    }

    /// <summary>The time of the element at absolute position <paramref name="position"/> (a sample start).</summary>
    private DateTimeOffset TimestampAt(long position)
    {
        var marks = _owner.Marks;
        var last = marks.Next - 1;
        while (_markIndex < last && marks.StartOf(_markIndex + 1) <= position)
        {
            _markIndex++;
        }

        var timestamp = marks.TimestampOf(_markIndex);
        if (_rate is not { } rate)
        {
            return timestamp;
        }

        var samples = (position - marks.StartOf(_markIndex)) / _channels;
        return samples == 0 ? timestamp : timestamp.AddTicks((long)Math.Round(samples * (double)TimeSpan.TicksPerSecond / rate));
    }

    private bool TryStartPause(long chunkEnd)
    {
        var pause = _pauseSampler is null ? _pause : _pauseSampler();
        if (pause <= TimeSpan.Zero)
        {
            if (pause < TimeSpan.Zero)
            {
                ThrowNegativePause(pause);
            }

            return false;
        }

        DateTimeOffset from;
        if (_pauseClock is { } clock)
        {
            from = clock.GetUtcNow();
        }
        else if (_rate is not null)
        {
            from = TimestampAt(chunkEnd);
        }
        else
        {
            from = _owner.Marks.TimestampOf(_owner.Marks.Next - 1);
        }

        _pauseUntil = from + pause;
        _paused = true;
        return true;
    }

    private bool StillPaused(DateTimeOffset frameTimestamp)
    {
        var now = _pauseClock is { } clock ? clock.GetUtcNow() : frameTimestamp;
        if (now < _pauseUntil)
        {
            return true;
        }

        _paused = false;
        return false;
    }

    private int Samples(TimeSpan duration, string property, in FrameInfo first)
    {
        if (_rate is not { } rate)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Key}.{property} = {duration} needs a sample rate, but frame {first.Sequence} of source '{first.Source}' carries none and {Key}.SampleRate is not set: set one of them, or give the size in samples."),
                nameof(first));
        }

        var samples = Math.Round(duration.Ticks * rate / TimeSpan.TicksPerSecond);
        if (samples < 1 || samples > int.MaxValue)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{Key}.{property} = {duration} at {rate} samples/s is {samples} samples: it must be between 1 and {int.MaxValue}."),
                nameof(first));
        }

        return (int)samples;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNegativePause(TimeSpan pause)
        => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Key}.PauseSampler returned {pause}: a pause must be zero or positive."));

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowChunkTooLong(long length)
        => throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Consumer {Name}: whole frames gathered to {length} elements, more than a chunk can hold ({Array.MaxLength}); use smaller frames or Mode = Clip."));
}
