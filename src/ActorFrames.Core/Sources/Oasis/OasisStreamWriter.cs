using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorFrames.Sources.Oasis;

/// <summary>
/// Writes an OASIS loss stream: the header, then item or summary records each ended by (0, 0), in 64 KiB blocks. Frames
/// from an <see cref="OasisSource"/> can be appended unchanged with <see cref="WriteEventsAsync"/>, which reproduces
/// the input byte for byte (after its normalization of NaN losses and unclosed items).
/// </summary>
public sealed class OasisStreamWriter : IAsyncDisposable
{
    private const int BlockBytes = 64 * 1024;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _block = new byte[BlockBytes];
    private readonly uint _sidxSpan;
    private int _used;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="OasisStreamWriter"/> class and buffers the header.</summary>
    /// <param name="output">The writable stream.</param>
    /// <param name="header">The stream header.</param>
    /// <param name="leaveOpen">Whether disposing the writer leaves <paramref name="output"/> open.</param>
    public OasisStreamWriter(Stream output, OasisStreamHeader header, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        header.Validate();
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }

        _output = output;
        _leaveOpen = leaveOpen;
        Header = header;
        _sidxSpan = unchecked((uint)header.SampleCount - (uint)OasisSampleIds.Lowest);
        header.Write(_block);
        _used = header.Size;
    }

    /// <summary>Gets the header written at the start of the stream.</summary>
    public OasisStreamHeader Header { get; }

    /// <summary>Writes one item record (loss and ground-up streams) and its closing (0, 0).</summary>
    /// <param name="eventId">The event id (positive).</param>
    /// <param name="itemId">The item or output id (positive).</param>
    /// <param name="samples">The (sidx, loss) pairs; sidx must be a special id or 1..len_sample.</param>
    /// <param name="cancellationToken">Cancels a block write.</param>
    /// <returns>A task that completes when the record is buffered (and full blocks written).</returns>
    public ValueTask WriteItemAsync(int eventId, int itemId, ReadOnlyMemory<OasisSample> samples, CancellationToken cancellationToken = default)
    {
        if (Header.StreamType == OasisStreamType.Summary)
        {
            throw new InvalidOperationException("This is a summary stream: write summary records with WriteSummaryAsync.");
        }

        return WriteRecordAsync(eventId, itemId, null, samples, cancellationToken);
    }

    /// <summary>Writes one summary record and its closing (0, 0).</summary>
    /// <param name="eventId">The event id (positive).</param>
    /// <param name="summaryId">The summary id (positive).</param>
    /// <param name="exposureValue">The summary's exposure value.</param>
    /// <param name="samples">The (sidx, loss) pairs; sidx must be a special id or 1..len_sample.</param>
    /// <param name="cancellationToken">Cancels a block write.</param>
    /// <returns>A task that completes when the record is buffered (and full blocks written).</returns>
    public ValueTask WriteSummaryAsync(int eventId, int summaryId, float exposureValue, ReadOnlyMemory<OasisSample> samples, CancellationToken cancellationToken = default)
    {
        if (Header.StreamType != OasisStreamType.Summary)
        {
            throw new InvalidOperationException("This is an item stream: write item records with WriteItemAsync.");
        }

        return WriteRecordAsync(eventId, summaryId, exposureValue, samples, cancellationToken);
    }

    /// <summary>Appends whole events as an <see cref="OasisSource"/> frame holds them (records already ended by (0, 0)).</summary>
    /// <param name="events">The events' bytes.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the bytes were written.</returns>
    public async ValueTask WriteEventsAsync(ReadOnlyMemory<byte> events, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (events.Length <= BlockBytes - _used)
        {
            events.Span.CopyTo(_block.AsSpan(_used));
            _used += events.Length;
            return;
        }

        await FlushBlockAsync(cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync(events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the buffered bytes and flushes the output.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the output was flushed.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await FlushBlockAsync(cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes and, unless told to leave it open, closes the output.</summary>
    /// <returns>A task that completes when the writer is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            if (!_leaveOpen)
            {
                await _output.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask WriteRecordAsync(int eventId, int id, float? exposure, ReadOnlyMemory<OasisSample> samples, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eventId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        CheckSamples(samples.Span);
        var headerSize = exposure is null ? 8 : 12;
        if (BlockBytes - _used < headerSize)
        {
            await FlushBlockAsync(cancellationToken).ConfigureAwait(false);
        }

        BinaryPrimitives.WriteInt32LittleEndian(_block.AsSpan(_used), eventId);
        BinaryPrimitives.WriteInt32LittleEndian(_block.AsSpan(_used + 4), id);
        if (exposure is { } value)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_block.AsSpan(_used + 8), value);
        }

        _used += headerSize;
        while (!samples.IsEmpty)
        {
            if (BlockBytes - _used < 8)
            {
                await FlushBlockAsync(cancellationToken).ConfigureAwait(false);
            }

            var fit = Math.Min(samples.Length, (BlockBytes - _used) / 8);
            MemoryMarshal.AsBytes(samples.Span[..fit]).CopyTo(_block.AsSpan(_used));
            _used += fit * 8;
            samples = samples[fit..];
        }

        if (BlockBytes - _used < 8)
        {
            await FlushBlockAsync(cancellationToken).ConfigureAwait(false);
        }

        _block.AsSpan(_used, 8).Clear();
        _used += 8;
    }

    private void CheckSamples(ReadOnlySpan<OasisSample> samples)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            var sidx = samples[i].SampleId;
            if (sidx == OasisSampleIds.EndOfRecord || unchecked((uint)sidx - (uint)OasisSampleIds.Lowest) > _sidxSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(samples), sidx, $"samples[{i}].SampleId must be a special id ({OasisSampleIds.Lowest}..-1) or 1..{Header.SampleCount} (len_sample); 0 ends a record and is written by the writer.");
            }
        }
    }

    private async ValueTask FlushBlockAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
        {
            return;
        }

        await _output.WriteAsync(_block.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
        _used = 0;
    }
}
