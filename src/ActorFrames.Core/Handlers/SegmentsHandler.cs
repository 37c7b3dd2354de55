using System.Globalization;
using ActorFrames.Frames;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The <c>segments</c> handler: writes each chunk as a WAV file named
/// <c>{source}-{consumer}-{sequence:D6}.wav</c> in an output folder and returns its path and duration.
/// </summary>
internal sealed class SegmentsHandler : IChunkHandler<float, SegmentResult>, IChunkHandler<short, SegmentResult>
{
    private readonly string _folder;
    private readonly WavSampleFormat _format;
    private int _folderCreated;

    /// <summary>Initializes the handler.</summary>
    /// <param name="folder">The folder to write to; created on the first chunk.</param>
    /// <param name="format">The sample format of the files.</param>
    public SegmentsHandler(string folder, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "The WAV sample format must be Pcm16 or Float32.");
        }

        _folder = Path.GetFullPath(folder);
        _format = format;
    }

    /// <summary>Gets the full path of the output folder.</summary>
    public string Folder => _folder;

    /// <inheritdoc />
    public ValueTask<SegmentResult> HandleAsync(Chunk<float> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SegmentResult>(WriteAsync(chunk.Memory, chunk.Info, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<SegmentResult> HandleAsync(Chunk<short> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SegmentResult>(WriteAsync(chunk.Memory, chunk.Info, cancellationToken));
    }

    /// <summary>Gets the file name of a chunk's segment (characters that are not safe in file names become '_').</summary>
    /// <param name="info">The chunk's metadata.</param>
    /// <returns>The file name, without folder.</returns>
    internal static string FileName(in ChunkInfo info)
        => string.Create(CultureInfo.InvariantCulture, $"{Sanitize(info.Source.Value)}-{Sanitize(info.Consumer)}-{info.Sequence:D6}.wav");

    private static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "stream";
        }

        const int MaxLength = 60;
        var length = Math.Min(name.Length, MaxLength);
        return string.Create(length, name, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_';
            }
        });
    }

    private async Task<SegmentResult> WriteAsync<T>(ReadOnlyMemory<T> samples, ChunkInfo info, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (info.SampleRate is not { } rate || rate != Math.Floor(rate) || rate > int.MaxValue)
        {
            throw new InvalidOperationException($"The segments handler writes WAV files, which need a whole-number sample rate; chunk {info.Consumer}#{info.Sequence} of '{info.Source}' has {info.SampleRate?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
        }

        if (Volatile.Read(ref _folderCreated) == 0)
        {
            Directory.CreateDirectory(_folder);
            Volatile.Write(ref _folderCreated, 1);
        }

        var path = Path.Combine(_folder, FileName(info));
        await SegmentWavWriter.WriteAsync(path, samples, info.Channels, (int)rate, _format, cancellationToken).ConfigureAwait(false);
        return new SegmentResult(path, info.Timestamp, ChunkDuration.Of(samples.Length, info));
    }
}
