using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ActorFrames.Frames;

namespace ActorFrames.Sources.Media;

/// <summary>
/// One output of a <see cref="MediaSource"/>: decoded audio samples or raw video images, cut into chunks of
/// <c>FramesPerChunk</c> units (the last one partial) and buffered for the reader. When the reader lags by more than
/// <c>BufferChunkSize</c> chunks the oldest are dropped (counted in <see cref="ChunksDropped"/>, warned about once); each
/// chunk keeps the timestamp of its own first unit, so a gap shows as a jump in time and sequence. Reading starts the
/// source if nobody did. Disposing an output only stops buffering for it; dispose the source to stop ffmpeg.
/// </summary>
/// <typeparam name="T">The element type: audio samples (byte u8, short s16, int s32, float, double) or byte for video.</typeparam>
public sealed class MediaOutputStream<T> : IFrameSource<T>, IMediaOutput
    where T : unmanaged
{
    private const int NoDropCapacity = 16;

    private readonly MediaSource _owner;
    private readonly AudioOutputOptions? _audio;
    private readonly VideoOutputOptions? _video;
    private Channel<Frame<T>> _channel;
    private Exception? _fault;
    private string _map = string.Empty;
    private long _dropped;
    private long _sequence;
    private int _warned;
    private int _closed;

    internal MediaOutputStream(MediaSource owner, string name, AudioOutputOptions? audio, VideoOutputOptions? video)
    {
        _owner = owner;
        _audio = audio;
        _video = video;
        Name = name;
        Id = new SourceId(owner.Input + "#" + name);
        FramesPerChunk = audio?.FramesPerChunk ?? video!.FramesPerChunk;
        BufferChunkSize = audio?.BufferChunkSize ?? video!.BufferChunkSize;
        _channel = NewChannel();
    }

    /// <inheritdoc />
    public SourceId Id { get; }

    /// <summary>Gets the output's name.</summary>
    public string Name { get; }

    /// <summary>Gets the interleaved channels of audio, or the bytes of one image for video (known once the source started).</summary>
    public int Channels { get; private set; }

    /// <summary>Gets the sample rate of audio or the frame rate of video (known once the source started).</summary>
    public double? SampleRate { get; private set; }

    /// <summary>Gets the units (sample frames or images) per chunk, or -1 for unchunked.</summary>
    public int FramesPerChunk { get; }

    /// <summary>Gets the chunks buffered before the oldest is dropped, or -1 for never.</summary>
    public int BufferChunkSize { get; }

    /// <summary>Gets the chunks dropped so far because the reader lagged.</summary>
    public long ChunksDropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets the input stream this output decodes (after start, when the input was probed).</summary>
    public MediaStreamInfo? SourceStream { get; private set; }

    /// <summary>Gets the image width of a video output (after start).</summary>
    public int Width { get; private set; }

    /// <summary>Gets the image height of a video output (after start).</summary>
    public int Height { get; private set; }

    /// <inheritdoc />
    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Frame<T>?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        await _owner.EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var channel = Volatile.Read(ref _channel);
            if (channel.Reader.TryRead(out var frame))
            {
                return frame;
            }

            if (!await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ReferenceEquals(channel, Volatile.Read(ref _channel)))
                {
                    continue; // a seek replaced the buffer
                }

                if (Volatile.Read(ref _fault) is { } fault)
                {
                    throw fault is ObjectDisposedException disposed
                        ? new ObjectDisposedException(disposed.ObjectName, disposed.Message)
                        : new IOException(fault.Message, fault);
                }

                return null;
            }
        }
    }

    /// <summary>Stops buffering for this output and releases what it holds; the source keeps running for its other outputs.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Drain(Volatile.Read(ref _channel), complete: true);
        }

        return ValueTask.CompletedTask;
    }

    bool IMediaOutput.IsFullySpecified => _audio is not null
        ? _audio.SampleRate is not null && _audio.Channels is not null
        : _video!.Width is not null && _video.Height is not null && _video.FrameRate is not null;

    void IMediaOutput.Describe(MediaInfo info)
    {
        var wanted = _audio is not null ? _audio.StreamIndex : _video!.StreamIndex;
        SourceStream = wanted is { } index ? FindStream(info, index) : (_audio is null ? info.DefaultVideo : info.DefaultAudio);
    }

    void IMediaOutput.Configure(MediaInfo? info)
    {
        var wanted = _audio is not null ? _audio.StreamIndex : _video!.StreamIndex;
        var kind = _audio is null ? "video" : "audio";
        MediaStreamInfo? stream = null;
        if (info is not null)
        {
            stream = wanted is { } index ? FindStream(info, index) : (_audio is null ? info.DefaultVideo : info.DefaultAudio);
            if (stream is null || stream.MediaType != kind)
            {
                throw new InvalidOperationException(wanted is null
                    ? $"Output '{Name}': '{_owner.Input}' has no {kind} stream."
                    : $"Output '{Name}': stream {wanted} of '{_owner.Input}' is {(stream is null ? "missing" : $"a {stream.MediaType} stream")}, not {kind}.");
            }
        }

        SourceStream = stream;
        _map = stream is not null ? Invariant($"0:{stream.Index}") : wanted is { } explicitIndex ? Invariant($"0:{explicitIndex}") : _audio is null ? "0:v:0" : "0:a:0";
        if (_audio is not null)
        {
            var rate = _audio.SampleRate ?? stream?.SampleRate ?? throw Unknown("SampleRate");
            Channels = _audio.Channels ?? stream?.Channels ?? throw Unknown("Channels");
            SampleRate = rate;
            return;
        }

        Width = _video!.Width ?? stream?.Width ?? throw Unknown("Width");
        Height = _video.Height ?? stream?.Height ?? throw Unknown("Height");
        SampleRate = _video.FrameRate ?? stream?.FrameRate ?? throw Unknown("FrameRate");
        Channels = PixelFormats.BytesPerImage(_video.PixelFormat, Width, Height);
    }

    void IMediaOutput.AddArguments(Collection<string> arguments, string target)
    {
        if (_audio is not null)
        {
            MediaArguments.AddAudioOutput(arguments, _map, MediaArguments.RawAudioFormat<T>(), (int)SampleRate!.Value, Channels, _audio.Filter, target);
        }
        else
        {
            MediaArguments.AddVideoOutput(arguments, _map, _video!.PixelFormat, Width, Height, SampleRate!.Value, target);
        }
    }

    async Task IMediaOutput.PumpAsync(Stream stream, DateTimeOffset zero, Action onData, CancellationToken cancellationToken)
    {
        var assembler = new ChunkAssembler<T>(Id, Channels, SampleRate!.Value, FramesPerChunk, zero, _sequence);
        var ready = new List<Frame<T>>();
        try
        {
            // ffmpeg's output is read straight into the chunk being built: no staging buffer, no extra copy.
            int read;
            while ((read = await stream.ReadAsync(assembler.GetWriteTarget(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                onData();
                assembler.Advance(read, ready);
                await PublishAsync(ready, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var leftover = assembler.Flush(ready);
            await PublishAsync(ready, cancellationToken).ConfigureAwait(false);
            if (leftover != 0)
            {
                throw new IOException($"{Id}: ffmpeg's output ended {leftover} bytes into a {Channels * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()}-byte unit.");
            }
        }
        finally
        {
            assembler.Dispose();
            _sequence = assembler.NextSequence;
            foreach (var frame in ready)
            {
                frame.Release();
            }
        }
    }

    void IMediaOutput.Complete(Exception? error)
    {
        if (error is not null)
        {
            Interlocked.CompareExchange(ref _fault, error, null);
        }

        Volatile.Read(ref _channel).Writer.TryComplete();
    }

    void IMediaOutput.Restart()
    {
        var old = Interlocked.Exchange(ref _channel, NewChannel());
        Drain(old, complete: true);
        Volatile.Write(ref _fault, null);
    }

    private static MediaStreamInfo? FindStream(MediaInfo info, int index)
    {
        foreach (var stream in info.Streams)
        {
            if (stream.Index == index)
            {
                return stream;
            }
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private InvalidOperationException Unknown(string option)
        => new($"Output '{Name}': the {option} of '{_owner.Input}' is unknown without a probe; set it in the output options or enable MediaSourceOptions.ProbeInput.");

    // Pooled state machines: a read that waits would otherwise allocate once per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask PublishAsync(List<Frame<T>> ready, CancellationToken cancellationToken)
    {
        var published = 0;
        try
        {
            for (; published < ready.Count; published++)
            {
                var frame = ready[published];
                var writer = Volatile.Read(ref _channel).Writer;
                if (Volatile.Read(ref _closed) != 0 || !(writer.TryWrite(frame) || (BufferChunkSize == -1 && await WaitWriteAsync(writer, frame, cancellationToken).ConfigureAwait(false))))
                {
                    frame.Release();
                }
            }
        }
        finally
        {
            ready.RemoveRange(0, published);
        }
    }

    private static async ValueTask<bool> WaitWriteAsync(ChannelWriter<Frame<T>> writer, Frame<T> frame, CancellationToken cancellationToken)
    {
        while (await writer.WaitToWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            if (writer.TryWrite(frame))
            {
                return true;
            }
        }

        return false;
    }

    private Channel<Frame<T>> NewChannel()
        => BufferChunkSize == -1
            ? Channel.CreateBounded<Frame<T>>(new BoundedChannelOptions(NoDropCapacity) { SingleReader = false, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait })
            : Channel.CreateBounded<Frame<T>>(new BoundedChannelOptions(BufferChunkSize) { SingleReader = false, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest }, OnDropped);

    private void OnDropped(Frame<T> frame)
    {
        frame.Release();
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            MediaSourceLog.ChunksDropped(_owner.Logger, Name, _owner.Input, BufferChunkSize);
        }
    }

    private static void Drain(Channel<Frame<T>> channel, bool complete)
    {
        if (complete)
        {
            channel.Writer.TryComplete();
        }

        while (channel.Reader.TryRead(out var frame))
        {
            frame.Release();
        }
    }
}
