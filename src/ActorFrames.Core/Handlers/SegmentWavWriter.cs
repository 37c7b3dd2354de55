using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ActorFrames.Handlers;

/// <summary>
/// Writes one block of interleaved samples as a WAV file, converting in pooled blocks as it streams them
/// out. Internal to the <c>segments</c> handler: ActorFrames.Sources.Wav holds the general reader and
/// writer.
/// </summary>
internal static class SegmentWavWriter
{
    private const int BlockBytes = 64 * 1024;

    /// <summary>Gets the header size: 44 bytes for PCM, 58 for float (18-byte fmt and a fact chunk).</summary>
    /// <param name="format">The sample format.</param>
    /// <returns>The number of bytes before the samples.</returns>
    public static int HeaderSize(WavSampleFormat format) => format == WavSampleFormat.Pcm16 ? 44 : 58;

    /// <summary>Writes the RIFF/WAVE header for <paramref name="frames"/> frames.</summary>
    /// <param name="destination">At least <see cref="HeaderSize"/> bytes.</param>
    /// <param name="format">The sample format.</param>
    /// <param name="channels">The channel count.</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="frames">The number of frames that follow.</param>
    public static void WriteHeader(Span<byte> destination, WavSampleFormat format, int channels, int sampleRate, long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var bytesPerSample = format == WavSampleFormat.Pcm16 ? 2 : 4;
        var blockAlign = channels * bytesPerSample;
        var dataBytes = frames * blockAlign;
        var headerSize = HeaderSize(format);
        if (dataBytes + headerSize - 8 > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, $"A WAV file holds at most 4 GiB: {frames} frames of {blockAlign} bytes do not fit.");
        }

        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)(dataBytes + headerSize - 8));
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        var fmtSize = format == WavSampleFormat.Pcm16 ? 16 : 18;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], (ushort)(format == WavSampleFormat.Pcm16 ? 1 : 3));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], (ushort)(bytesPerSample * 8));
        var next = 36;
        if (format == WavSampleFormat.Float32)
        {
            // Non-PCM formats carry cbSize and a fact chunk with the frame count.
            BinaryPrimitives.WriteUInt16LittleEndian(destination[36..], 0);
            "fact"u8.CopyTo(destination[38..]);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[42..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[46..], (uint)frames);
            next = 50;
        }

        "data"u8.CopyTo(destination[next..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(next + 4)..], (uint)dataBytes);
    }

    /// <summary>
    /// Writes <paramref name="samples"/> to <paramref name="path"/> through a temporary file that is renamed
    /// into place once complete, so a reader never sees a half-written segment.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="short"/>.</typeparam>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="samples">The interleaved samples.</param>
    /// <param name="channels">The channel count.</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="format">The sample format of the file.</param>
    /// <param name="cancellationToken">Stops the write; the temporary file is deleted.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync<T>(string path, ReadOnlyMemory<T> samples, int channels, int sampleRate, WavSampleFormat format, CancellationToken cancellationToken)
        where T : unmanaged
    {
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {channels}-channel frames.", nameof(samples));
        }

        var temporary = path + ".partial";
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        var completed = false;
        try
        {
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var headerSize = HeaderSize(format);
                WriteHeader(buffer, format, channels, sampleRate, samples.Length / channels);
                await stream.WriteAsync(buffer.AsMemory(0, headerSize), cancellationToken).ConfigureAwait(false);
                var bytesPerSample = format == WavSampleFormat.Pcm16 ? 2 : 4;
                var perBlock = BlockBytes / bytesPerSample;
                for (var start = 0; start < samples.Length; start += perBlock)
                {
                    var count = Math.Min(perBlock, samples.Length - start);
                    var bytes = Convert(samples.Span.Slice(start, count), buffer, format);
                    await stream.WriteAsync(buffer.AsMemory(0, bytes), cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
            completed = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!completed)
            {
                File.Delete(temporary);
            }
        }
    }

    private static int Convert<T>(ReadOnlySpan<T> samples, Span<byte> destination, WavSampleFormat format)
        where T : unmanaged
    {
        if (format == WavSampleFormat.Pcm16)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 2)..], ToInt16(samples[i]));
            }

            return samples.Length * 2;
        }

        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], ToSingle(samples[i]));
        }

        return samples.Length * 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short ToInt16<T>(T sample)
        where T : unmanaged
    {
        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref sample);
        }

        if (typeof(T) == typeof(float))
        {
            var value = Unsafe.As<T, float>(ref sample);
            return (short)Math.Round(Math.Clamp(value, -1.0f, 1.0f) * short.MaxValue);
        }

        throw new NotSupportedException($"WAV segments take float or 16-bit samples, not {typeof(T).Name}.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ToSingle<T>(T sample)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref sample);
        }

        if (typeof(T) == typeof(short))
        {
            return Unsafe.As<T, short>(ref sample) / 32768.0f;
        }

        throw new NotSupportedException($"WAV segments take float or 16-bit samples, not {typeof(T).Name}.");
    }
}
