using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorFrames.Sources.Wav;

/// <summary>Maps WAV sample encodings to frame element types and converts between them.</summary>
internal static class WavSampleConversion
{
    /// <summary>Whether <typeparamref name="T"/> holds <paramref name="format"/> samples bit for bit (a plain copy).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="format">The WAV encoding.</param>
    /// <returns><see langword="true"/> when the bytes can be copied unchanged.</returns>
    public static bool IsNative<T>(WavSampleFormat format)
        where T : unmanaged
        => format switch
        {
            WavSampleFormat.U8 => typeof(T) == typeof(byte),
            WavSampleFormat.S16 => typeof(T) == typeof(short),
            WavSampleFormat.S32 => typeof(T) == typeof(int),
            WavSampleFormat.F32 => typeof(T) == typeof(float),
            WavSampleFormat.F64 => typeof(T) == typeof(double),
            _ => false,
        };

    /// <summary>Whether samples of <paramref name="format"/> can be read as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="format">The WAV encoding.</param>
    /// <returns><see langword="true"/> for the native type, int for s24, and float or double for every format.</returns>
    public static bool CanRead<T>(WavSampleFormat format)
        where T : unmanaged
        => IsNative<T>(format)
           || (format == WavSampleFormat.S24 && typeof(T) == typeof(int))
           || typeof(T) == typeof(float)
           || typeof(T) == typeof(double);

    /// <summary>Whether <typeparamref name="T"/> elements can be written as <paramref name="format"/> samples.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="format">The WAV encoding.</param>
    /// <returns><see langword="true"/> for the native type and int for s24.</returns>
    public static bool CanWrite<T>(WavSampleFormat format)
        where T : unmanaged
        => IsNative<T>(format) || (format == WavSampleFormat.S24 && typeof(T) == typeof(int));

    /// <summary>Converts little-endian samples to elements (s24 to left-justified int; any format to normalized float/double).</summary>
    /// <typeparam name="T">int (s24 only), float or double.</typeparam>
    /// <param name="source">The samples' bytes.</param>
    /// <param name="format">Their encoding.</param>
    /// <param name="destination">One element per sample.</param>
    public static void Convert<T>(ReadOnlySpan<byte> source, WavSampleFormat format, Span<T> destination)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            ToFloat(source, format, MemoryMarshal.Cast<T, float>(destination));
        }
        else if (typeof(T) == typeof(double))
        {
            ToDouble(source, format, MemoryMarshal.Cast<T, double>(destination));
        }
        else if (typeof(T) == typeof(int) && format == WavSampleFormat.S24)
        {
            var ints = MemoryMarshal.Cast<T, int>(destination);
            for (int i = 0, j = 0; i < ints.Length; i++, j += 3)
            {
                ints[i] = (source[j] << 8) | (source[j + 1] << 16) | (source[j + 2] << 24);
            }
        }
        else
        {
            throw new NotSupportedException($"Cannot convert {format} samples to {typeof(T).Name}.");
        }
    }

    /// <summary>Packs elements into little-endian samples (the native type, or left-justified int to s24).</summary>
    /// <typeparam name="T">The native type of <paramref name="format"/>, or int for s24.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="format">The encoding to write.</param>
    /// <param name="destination">The bytes; <see cref="WavFormat.BytesOf"/> per element.</param>
    public static void Pack<T>(ReadOnlySpan<T> source, WavSampleFormat format, Span<byte> destination)
        where T : unmanaged
    {
        if (IsNative<T>(format))
        {
            MemoryMarshal.AsBytes(source).CopyTo(destination);
            return;
        }

        var ints = MemoryMarshal.Cast<T, int>(source);
        for (int i = 0, j = 0; i < ints.Length; i++, j += 3)
        {
            var v = ints[i];
            destination[j] = (byte)(v >> 8);
            destination[j + 1] = (byte)(v >> 16);
            destination[j + 2] = (byte)(v >> 24);
        }
    }

    private static void ToFloat(ReadOnlySpan<byte> source, WavSampleFormat format, Span<float> destination)
    {
        switch (format)
        {
            case WavSampleFormat.U8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (source[i] - 128) * (1f / 128);
                }

                break;
            case WavSampleFormat.S16:
                var shorts = MemoryMarshal.Cast<byte, short>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = shorts[i] * (1f / 32768);
                }

                break;
            case WavSampleFormat.S24:
                for (int i = 0, j = 0; i < destination.Length; i++, j += 3)
                {
                    destination[i] = ((source[j] << 8) | (source[j + 1] << 16) | (source[j + 2] << 24)) * (1f / 2147483648f);
                }

                break;
            case WavSampleFormat.S32:
                var ints = MemoryMarshal.Cast<byte, int>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = ints[i] * (1f / 2147483648f);
                }

                break;
            case WavSampleFormat.F32:
                MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
                break;
            default:
                for (int i = 0, j = 0; i < destination.Length; i++, j += 8)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[j..]);
                }

                break;
        }
    }

    private static void ToDouble(ReadOnlySpan<byte> source, WavSampleFormat format, Span<double> destination)
    {
        switch (format)
        {
            case WavSampleFormat.U8:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (source[i] - 128) / 128.0;
                }

                break;
            case WavSampleFormat.S16:
                var shorts = MemoryMarshal.Cast<byte, short>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = shorts[i] / 32768.0;
                }

                break;
            case WavSampleFormat.S24:
                for (int i = 0, j = 0; i < destination.Length; i++, j += 3)
                {
                    destination[i] = ((source[j] << 8) | (source[j + 1] << 16) | (source[j + 2] << 24)) / 2147483648.0;
                }

                break;
            case WavSampleFormat.S32:
                var ints = MemoryMarshal.Cast<byte, int>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = ints[i] / 2147483648.0;
                }

                break;
            case WavSampleFormat.F32:
                var floats = MemoryMarshal.Cast<byte, float>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = floats[i];
                }

                break;
            default:
                MemoryMarshal.Cast<byte, double>(source)[..destination.Length].CopyTo(destination);
                break;
        }
    }
}
