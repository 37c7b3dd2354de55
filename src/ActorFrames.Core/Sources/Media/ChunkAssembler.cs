using System.Runtime.InteropServices;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Media;

/// <summary>
/// Cuts the raw byte stream of one ffmpeg output into chunks of whole units (an audio sample frame, or one image):
/// <c>framesPerChunk</c> units each, or with -1 every whole unit received so far. Units split across reads are
/// reassembled; each chunk's timestamp is the time zero plus the index of its first unit divided by the rate.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ChunkAssembler<T> : IDisposable
    where T : unmanaged
{
    private const int UnchunkedBytes = 64 * 1024;

    private readonly SourceId _id;
    private readonly int _channels;
    private readonly double _rate;
    private readonly int _unitBytes;
    private readonly int _chunkUnits;
    private readonly bool _unchunked;
    private readonly DateTimeOffset _zero;
    private readonly ByteViewMemoryManager<T> _view = new();
    private Frame<T>? _current;
    private int _filled;
    private long _units;

    public ChunkAssembler(SourceId id, int channels, double rate, int framesPerChunk, DateTimeOffset zero, long firstSequence)
    {
        _id = id;
        _channels = channels;
        _rate = rate;
        _unitBytes = checked(channels * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        _unchunked = framesPerChunk == -1;
        _chunkUnits = _unchunked ? Math.Max(1, UnchunkedBytes / _unitBytes) : framesPerChunk;
        _zero = zero;
        NextSequence = firstSequence;
    }

    /// <summary>Gets the sequence number the next chunk will carry (chunks rented but never emitted give theirs back).</summary>
    public long NextSequence { get; private set; }

    /// <summary>Gets the units (sample frames or images) emitted so far.</summary>
    public long UnitsEmitted => _units;

    /// <summary>Gets the unfilled bytes of the chunk being built, for a stream to read into directly (no staging copy).</summary>
    /// <returns>Memory valid until the next <see cref="Advance"/>.</returns>
    public Memory<byte> GetWriteTarget()
    {
        var current = Current();
        MemoryMarshal.TryGetArray<T>(current.GetWriteMemory(), out var segment);
        return _view.View(segment.Array!, current.Length)[_filled..];
    }

    /// <summary>Records that <paramref name="count"/> bytes were written to the target; adds completed chunks to <paramref name="ready"/>.</summary>
    public void Advance(int count, List<Frame<T>> ready)
    {
        _filled += count;
        if (_filled == _current!.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            Emit(_chunkUnits, ready);
        }
        else if (_unchunked && _filled >= _unitBytes)
        {
            EmitWholeUnits(ready);
        }
    }

    /// <summary>Emits the partial last chunk; returns the bytes of an incomplete unit left over (0 for a clean end).</summary>
    public int Flush(List<Frame<T>> ready)
    {
        var leftover = _filled % _unitBytes;
        if (_filled >= _unitBytes)
        {
            var units = _filled / _unitBytes;
            _current!.Shrink(units * _channels);
            Emit(units, ready);
        }

        ReleaseCurrent();
        return leftover;
    }

    /// <summary>Releases the chunk being filled (the run was stopped or ended).</summary>
    public void Dispose()
    {
        ReleaseCurrent();
        ((IDisposable)_view).Dispose();
    }

    private void ReleaseCurrent()
    {
        if (_current is { } unsent)
        {
            // The chunk was rented (and numbered) but never emitted: return its number so sequences stay gapless.
            unsent.Release();
            NextSequence--;
        }

        _current = null;
        _filled = 0;
    }

    private Frame<T> Current()
    {
        if (_current is null)
        {
            var info = new FrameInfo(_id, NextSequence++, TimestampOf(_units), _channels, _rate);
            _current = Frame<T>.Rent(_chunkUnits * _channels, info);
        }

        return _current;
    }

    private void EmitWholeUnits(List<Frame<T>> ready)
    {
        var units = _filled / _unitBytes;
        var leftover = _filled % _unitBytes;
        var full = _current!;
        byte[]? carried = null;
        if (leftover > 0)
        {
            carried = new byte[leftover];
            MemoryMarshal.AsBytes(full.GetWriteSpan()).Slice(units * _unitBytes, leftover).CopyTo(carried);
        }

        full.Shrink(units * _channels);
        Emit(units, ready);
        if (carried is not null)
        {
            carried.CopyTo(MemoryMarshal.AsBytes(Current().GetWriteSpan()));
            _filled = leftover;
        }
    }

    private void Emit(int units, List<Frame<T>> ready)
    {
        ready.Add(_current!);
        _current = null;
        _filled = 0;
        _units += units;
    }

    private DateTimeOffset TimestampOf(long unit)
        => _zero.AddTicks((long)decimal.Round(unit * (decimal)TimeSpan.TicksPerSecond / (decimal)_rate));
}
