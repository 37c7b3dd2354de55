using System.Globalization;
using ActorFrames.Frames;
using ActorFrames.Sources.Wav;
using ActorFrames.Workers;

namespace ActorFrames.Handlers;

/// <summary>
/// The <c>segments</c> handler: writes each chunk as a WAV file named
/// <c>{source}-{consumer}-{sequence:D6}.wav</c> in an output folder and returns its path and duration.
/// Float chunks become 32-bit float files and 16-bit chunks 16-bit PCM files, so samples are stored as they
/// came. A file is written under a temporary name and renamed when complete, so a reader never sees half of one.
/// </summary>
internal sealed class SegmentsHandler : IChunkHandler<float, SegmentResult>, IChunkHandler<short, SegmentResult>
{
    private readonly string _folder;
    private int _folderCreated;

    /// <summary>Initializes the handler.</summary>
    /// <param name="folder">The folder to write to; created on the first chunk.</param>
    public SegmentsHandler(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
    }

    /// <summary>Gets the full path of the output folder.</summary>
    public string Folder => _folder;

    /// <inheritdoc />
    public ValueTask<SegmentResult> HandleAsync(Chunk<float> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SegmentResult>(WriteAsync(chunk.Memory, chunk.Info, WavSampleFormat.F32, cancellationToken));
    }

    /// <inheritdoc />
    public ValueTask<SegmentResult> HandleAsync(Chunk<short> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ValueTask<SegmentResult>(WriteAsync(chunk.Memory, chunk.Info, WavSampleFormat.S16, cancellationToken));
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

    private async Task<SegmentResult> WriteAsync<T>(ReadOnlyMemory<T> samples, ChunkInfo info, WavSampleFormat sampleFormat, CancellationToken cancellationToken)
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
        var temporary = path + ".partial";
        var completed = false;
        try
        {
            var writer = await WavWriter.CreateAsync(temporary, WavFormat.Create(sampleFormat, info.Channels, (int)rate), cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(samples, cancellationToken).ConfigureAwait(false);
                await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                File.Delete(temporary);
            }
        }

        return new SegmentResult(path, info.Timestamp, ChunkDuration.Of(samples.Length, info));
    }
}
