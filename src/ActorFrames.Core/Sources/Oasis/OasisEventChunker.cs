using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// Reads one OASIS loss stream and hands out runs of whole events, validated and normalized: NaN losses become 0, the
/// loss of every (0, 0) end-of-record pair is 0, and an item left open at the end of the stream is closed with a
/// (0, 0) pair. An event is complete when a record with another event id begins or the stream ends; records split
/// across reads are reassembled in the chunker's buffer. Every malformed byte is a <see cref="SourceFormatException"/>
/// naming the stream and the absolute byte offset.
/// </summary>
internal sealed class OasisEventChunker : IAsyncDisposable
{
    private const int PairSize = 8;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _recordHeaderSize;
    private readonly uint _sidxSpan;
    private readonly int _readBlock;
    private readonly int _target;
    private readonly int _maxEvent;
    private byte[] _buffer;
    private long _bufferBase;
    private int _valid;
    private int _pos;
    private int _frameStart;
    private int _eventStart;
    private int _currentEvent;
    private bool _inRecord;
    private bool _eof;
    private int _pendingCut = -1;

    private OasisEventChunker(Stream stream, string name, OasisStreamHeader header, OasisSourceOptions options, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name;
        Header = header;
        _recordHeaderSize = header.RecordHeaderSize;
        _sidxSpan = unchecked((uint)header.SampleCount - (uint)OasisSampleIds.Lowest);
        _readBlock = options.ReadBlockBytes;
        _target = options.TargetFrameBytes;
        _maxEvent = options.MaxEventBytes;
        _buffer = new byte[Math.Max(_readBlock, _target) * 2];
        _bufferBase = header.Size;
    }

    /// <summary>Gets the input's name.</summary>
    public string Name { get; }

    /// <summary>Gets the input's header.</summary>
    public OasisStreamHeader Header { get; }

    /// <summary>Gets the number of items that ended without a (0, 0) pair and were closed at the end of the stream.</summary>
    public int ItemsClosedAtEnd { get; private set; }

    /// <summary>Reads and validates the header of <paramref name="stream"/>.</summary>
    public static async Task<OasisEventChunker> OpenAsync(Stream stream, string name, OasisSourceOptions options, bool leaveOpen, CancellationToken cancellationToken)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The OASIS reader assumes a little-endian machine.");
        }

        var bytes = new byte[12];
        var got = await stream.ReadAtLeastAsync(bytes.AsMemory(0, 8), 8, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < 8)
        {
            throw new SourceFormatException(name, got, $"the stream ended after {got} bytes, inside the 8-byte stream header");
        }

        var header = OasisStreamHeader.ParseStart(bytes, name);
        if (header.StreamType == OasisStreamType.Summary)
        {
            got = await stream.ReadAtLeastAsync(bytes.AsMemory(8, 4), 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got < 4)
            {
                throw new SourceFormatException(name, 8 + got, "the stream ended inside the summary_set_id of the summary stream header");
            }

            var set = BitConverter.ToInt32(bytes, 8);
            if (set < 0)
            {
                throw new SourceFormatException(name, 8, $"summary_set_id {set} is negative");
            }

            header = header with { SummarySetId = set };
        }

        return new OasisEventChunker(stream, name, header, options, leaveOpen);
    }

    /// <summary>
    /// Reads until a run of whole events is ready. The returned memory lies in the chunker's buffer and is valid until
    /// the next call.
    /// </summary>
    /// <returns>The events' bytes, or empty at the end of the stream.</returns>
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReadEventsAsync(CancellationToken cancellationToken)
    {
        if (_pendingCut >= 0)
        {
            _frameStart = _pendingCut;
            _pendingCut = -1;
        }

        while (!_eof)
        {
            var cut = Scan();
            if (cut > 0)
            {
                return Emit(cut);
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_valid, Math.Min(_readBlock, _buffer.Length - _valid)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                Finish();
                break;
            }

            _valid += read;
        }

        if (_frameStart == _valid)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var end = _valid - _frameStart > _target && _eventStart > _frameStart ? _eventStart : _valid;
        return Emit(end);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _leaveOpen ? ValueTask.CompletedTask : _stream.DisposeAsync();

    private ReadOnlyMemory<byte> Emit(int cut)
    {
        _pendingCut = cut;
        return _buffer.AsMemory(_frameStart, cut - _frameStart);
    }

    /// <summary>Validates records from <see cref="_pos"/>; returns a cut (frame end) once enough whole events are buffered, else -1.</summary>
    private int Scan()
    {
        ref var data = ref MemoryMarshal.GetArrayDataReference(_buffer);
        var pos = _pos;
        var valid = _valid;
        while (true)
        {
            if (!_inRecord)
            {
                if (valid - pos < _recordHeaderSize)
                {
                    break;
                }

                var eventId = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref data, pos));
                var id = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref data, pos + 4));
                if (eventId <= 0)
                {
                    throw Error(pos, $"event_id {eventId} is not positive");
                }

                if (id <= 0)
                {
                    throw Error(pos + 4, $"{(_recordHeaderSize == 12 ? "summary_id" : "item_id")} {id} of event {eventId} is not positive");
                }

                if (eventId != _currentEvent)
                {
                    var previous = _currentEvent;
                    var completedStart = _eventStart;
                    _currentEvent = eventId;
                    _eventStart = pos;
                    if (previous != 0 && ChooseCut(completedStart, pos) is > 0 and var cut)
                    {
                        _pos = pos;
                        return cut;
                    }
                }

                pos += _recordHeaderSize;
                _inRecord = true;
            }

            // The hot loop: one 8-byte (sidx, loss) pair per step.
            while (valid - pos >= PairSize)
            {
                ref var pair = ref Unsafe.Add(ref data, pos);
                var sidx = Unsafe.ReadUnaligned<int>(ref pair);
                if (sidx == 0)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref pair, 4), 0);
                    pos += PairSize;
                    _inRecord = false;
                    break;
                }

                if (unchecked((uint)sidx - (uint)OasisSampleIds.Lowest) > _sidxSpan)
                {
                    throw Error(pos, $"sample id {sidx} of event {_currentEvent} is outside {OasisSampleIds.Lowest}..{Header.SampleCount} (len_sample)");
                }

                if ((Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref pair, 4)) & 0x7FFFFFFFu) > 0x7F800000u)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref pair, 4), 0);
                }

                pos += PairSize;
            }

            if (_inRecord)
            {
                break;
            }
        }

        _pos = pos;
        return -1;
    }

    /// <summary>Decides where a frame ends now that the event starting at <paramref name="completedStart"/> ended at <paramref name="boundary"/>.</summary>
    private int ChooseCut(int completedStart, int boundary)
    {
        var size = boundary - _frameStart;
        if (size < _target)
        {
            return -1;
        }

        return size > _target && completedStart > _frameStart ? completedStart : boundary;
    }

    private void Finish()
    {
        var left = _valid - _pos;
        if (!_inRecord)
        {
            if (left > 0)
            {
                throw Error(_pos, $"the stream ended {left} bytes into a {_recordHeaderSize}-byte record header: the stream is truncated");
            }

            return;
        }

        if (left > 0)
        {
            throw Error(_pos, $"the stream ended {left} bytes into an 8-byte (sidx, loss) pair of event {_currentEvent}: the stream is truncated");
        }

        // An item without its (0, 0) pair at the end of the stream is complete: close it so the output is well formed.
        if (_buffer.Length - _valid < PairSize)
        {
            Array.Resize(ref _buffer, _buffer.Length + PairSize);
        }

        _buffer.AsSpan(_valid, PairSize).Clear();
        _valid += PairSize;
        _pos = _valid;
        _inRecord = false;
        ItemsClosedAtEnd++;
    }

    /// <summary>Moves unread bytes to the front and grows the buffer when an event fills it.</summary>
    private void MakeRoom()
    {
        if (_frameStart > 0)
        {
            var keep = _valid - _frameStart;
            Buffer.BlockCopy(_buffer, _frameStart, _buffer, 0, keep);
            _bufferBase += _frameStart;
            _pos -= _frameStart;
            _eventStart -= _frameStart;
            _valid = keep;
            _frameStart = 0;
        }

        if (_buffer.Length - _valid >= _readBlock / 4)
        {
            return;
        }

        if (_valid - _eventStart > _maxEvent)
        {
            throw Error(_eventStart, $"event {_currentEvent} exceeds the {_maxEvent}-byte limit (OasisSourceOptions.MaxEventBytes) and has not ended yet");
        }

        Array.Resize(ref _buffer, _buffer.Length * 2);
    }

    private SourceFormatException Error(int local, string problem) => new(Name, _bufferBase + local, problem);
}
