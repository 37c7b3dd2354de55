using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorFrames.Sources.Media;

/// <summary>
/// Decodes any file, URL or device that ffmpeg can open into one or more outputs (audio samples of a chosen type, rate
/// and channel count; raw video images), like torchaudio's StreamReader but on the ffmpeg executable: one ffmpeg
/// process per source, arguments passed as a list (never through a shell), the first output on its standard output
/// and the others over loopback TCP. The source probes the input with ffprobe, retries with backoff while a device is
/// temporarily unavailable, and can seek by restarting the decoder at a timestamp.
/// </summary>
public sealed class MediaSource : IAsyncDisposable
{
    private readonly MediaSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly List<IMediaOutput> _outputs = [];
    private readonly Lock _gate = new();
    private Task? _starting;
    private CancellationTokenSource? _runStop;
    private Task _run = Task.CompletedTask;
    private DateTimeOffset _origin;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="MediaSource"/> class. Add outputs, then read them (or call <see cref="StartAsync"/>).</summary>
    /// <param name="options">The input and how to run ffmpeg.</param>
    /// <param name="logger">Receives the drop warning and retry notices; none if null.</param>
    /// <param name="timeProvider">The clock for retry backoff and live timestamps; the system clock if null.</param>
    public MediaSource(MediaSourceOptions options, ILogger<MediaSource>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the input being decoded.</summary>
    public string Input => _options.Input;

    /// <summary>Gets the probed description of the input (after start; null when probing is off).</summary>
    public MediaInfo? Info { get; private set; }

    /// <summary>Gets the number of times ffmpeg was started for the current position (more than 1 after retries).</summary>
    public int Attempts { get; private set; }

    /// <summary>Gets a task that completes when the current decoder run has ended (for tests and shutdown).</summary>
    internal Task Completion => _run;

    internal ILogger Logger { get; }

    /// <summary>Adds an audio output decoded to <typeparamref name="T"/> samples (u8, s16, s32, float or double).</summary>
    /// <typeparam name="T">byte, short, int, float or double.</typeparam>
    /// <param name="options">Stream, rate, channels and chunking; defaults when null.</param>
    /// <returns>The output; read it like any frame source.</returns>
    public MediaOutputStream<T> AddAudioStream<T>(AudioOutputOptions? options = null)
        where T : unmanaged
    {
        options ??= new AudioOutputOptions();
        options.Validate();
        _ = MediaArguments.RawAudioFormat<T>();
        return Add(new MediaOutputStream<T>(this, options.Name ?? $"audio{_outputs.Count}", options, null));
    }

    /// <summary>Adds a video output of raw images.</summary>
    /// <param name="options">Stream, pixel format, size, rate and chunking; defaults (rgb24 at the input's size and rate) when null.</param>
    /// <returns>The output; each frame holds whole images (Channels = bytes per image).</returns>
    public MediaOutputStream<byte> AddVideoStream(VideoOutputOptions? options = null)
    {
        options ??= new VideoOutputOptions();
        options.Validate();
        return Add(new MediaOutputStream<byte>(this, options.Name ?? $"video{_outputs.Count}", null, options));
    }

    /// <summary>Probes the input and starts ffmpeg. Reading an output starts the source too.</summary>
    /// <param name="cancellationToken">Cancels probing (decoding then runs until disposal).</param>
    /// <returns>A task that completes when ffmpeg was launched.</returns>
    /// <exception cref="FileNotFoundException">ffmpeg or ffprobe is not installed.</exception>
    /// <exception cref="IOException">ffprobe could not read the input.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => EnsureStartedAsync(cancellationToken);

    /// <summary>Restarts decoding at <paramref name="position"/>: buffered chunks are dropped and timestamps continue from there.</summary>
    /// <param name="position">The timestamp to decode from, measured from the input's start.</param>
    /// <param name="cancellationToken">Cancels the wait for the old run to stop.</param>
    /// <returns>A task that completes when the new run was launched.</returns>
    public async Task SeekAsync(TimeSpan position, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, TimeSpan.Zero);
        await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        await StopRunAsync().ConfigureAwait(false);
        foreach (var output in _outputs)
        {
            output.Restart();
        }

        StartRun(position);
    }

    /// <summary>Stops ffmpeg, ends every output and releases buffered chunks.</summary>
    /// <returns>A task that completes when the decoder has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopRunAsync().ConfigureAwait(false);
        foreach (var output in _outputs)
        {
            output.Restart();
            output.Complete(new ObjectDisposedException(nameof(MediaSource), $"The media source for '{Input}' was disposed."));
        }
    }

    internal Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            _starting ??= StartCoreAsync(cancellationToken);
            return _starting;
        }
    }

    private MediaOutputStream<T> Add<T>(MediaOutputStream<T> output)
        where T : unmanaged
    {
        lock (_gate)
        {
            if (_starting is not null)
            {
                throw new InvalidOperationException("Add every output before the source starts (before the first read).");
            }

            foreach (var existing in _outputs)
            {
                if (existing.Name == output.Name)
                {
                    throw new ArgumentException($"An output named '{output.Name}' already exists.", nameof(output));
                }
            }

            _outputs.Add(output);
        }

        return output;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_outputs.Count == 0)
        {
            throw new InvalidOperationException("Add at least one audio or video output before starting the source.");
        }

        _ = MediaExecutables.Resolve(_options.FfmpegPath, nameof(MediaSourceOptions.FfmpegPath));
        var specified = true;
        foreach (var output in _outputs)
        {
            specified &= output.IsFullySpecified;
        }

        if (_options.ProbeInput && specified)
        {
            // Every output states its format, so ffmpeg needs nothing from the probe: start decoding at once and
            // probe alongside, so the probe adds no latency to the stream.
            foreach (var output in _outputs)
            {
                output.Configure(null);
            }

            _origin = _options.Origin ?? _timeProvider.GetUtcNow();
            StartRun(_options.StartAt);
            try
            {
                Info = await MediaProbe.ProbeAsync(_options, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await StopRunAsync().ConfigureAwait(false);
                throw;
            }

            foreach (var output in _outputs)
            {
                output.Describe(Info);
            }

            return;
        }

        Info = _options.ProbeInput ? await MediaProbe.ProbeAsync(_options, cancellationToken).ConfigureAwait(false) : null;
        foreach (var output in _outputs)
        {
            output.Configure(Info);
        }

        _origin = _options.Origin ?? _timeProvider.GetUtcNow();
        StartRun(_options.StartAt);
    }

    private void StartRun(TimeSpan startAt)
    {
        var stop = new CancellationTokenSource();
        _runStop = stop;
        MediaSourceLog.DecodingStarted(Logger, Input, startAt, _outputs.Count);
        _run = RunAsync(startAt, stop.Token);
    }

    private async Task StopRunAsync()
    {
        if (_runStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
            _runStop = null;
        }
    }

    /// <summary>Runs ffmpeg until the input ends, retrying while the input is temporarily unavailable, then ends the outputs.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Escalation point: any failure of the decoder run is handed to every output, whose readers rethrow it; nothing else observes this task.")]
    private async Task RunAsync(TimeSpan startAt, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var started = _timeProvider.GetTimestamp();
        var backoff = _options.RetryBackoff;
        var live = _options.Origin is null;
        var device = live && _options.InputFormat is not null; // only a capture device is restarted after it delivered data
        Attempts = 0;
        Exception? error = null;
        try
        {
            while (true)
            {
                Attempts++;

                // A live input (no fixed origin) is stamped from the clock at each (re)start: its samples are "now".
                var zero = live ? _timeProvider.GetUtcNow() : _origin + startAt;
                var (exitCode, stderr, gotData) = await FfmpegRun.RunAsync(_options, _outputs, startAt, zero, cancellationToken).ConfigureAwait(false);
                if (exitCode == 0)
                {
                    break;
                }

                if (gotData && device)
                {
                    // A live device that fails after delivering data starts a fresh outage: timeout and backoff restart.
                    started = _timeProvider.GetTimestamp();
                    backoff = _options.RetryBackoff;
                }

                if ((!gotData || device) && IsTransient(stderr) && RetryWait(_timeProvider.GetElapsedTime(started), backoff) is { } wait)
                {
                    MediaSourceLog.InputUnavailable(Logger, Input, Attempts, LastLine(stderr), wait);
                    await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRetryBackoff.Ticks));
                    continue;
                }

                error = new IOException($"ffmpeg could not decode '{Input}' (exit code {exitCode}, attempt {Attempts}): {stderr.Trim()}");
                break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // seek or dispose: the outputs are restarted or completed by the caller
        }
        catch (Exception e)
        {
            error = e;
        }

        foreach (var output in _outputs)
        {
            output.Complete(error);
        }
    }

    /// <summary>The wait before the next attempt: the backoff, cut short so the last attempt falls on the timeout; null when time is up.</summary>
    private TimeSpan? RetryWait(TimeSpan elapsed, TimeSpan backoff)
    {
        if (_options.RetryTimeout is not { } timeout)
        {
            return null;
        }

        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return backoff;
        }

        var remaining = timeout - elapsed;
        return remaining > TimeSpan.Zero ? (remaining < backoff ? remaining : backoff) : null;
    }

    private bool IsTransient(string stderr)
    {
        foreach (var pattern in _options.TransientErrors)
        {
            if (stderr.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string LastLine(string text)
    {
        var lines = text.Trim().Split('\n');
        return lines.Length == 0 ? string.Empty : lines[^1].Trim();
    }
}
