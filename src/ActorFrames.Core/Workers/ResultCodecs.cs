using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ActorFrames.Workers;

/// <summary>Result codecs for common result types.</summary>
public static class ResultCodecs
{
    /// <summary>Gets a codec for <see cref="double"/> (8 bytes, little-endian).</summary>
    public static IResultCodec<double> Double { get; } = new DoubleCodec();

    /// <summary>Gets a codec for <see cref="long"/> (8 bytes, little-endian).</summary>
    public static IResultCodec<long> Int64 { get; } = new Int64Codec();

    /// <summary>Gets a codec for <see cref="string"/> (UTF-8).</summary>
    public static IResultCodec<string> String { get; } = new StringCodec();

    /// <summary>Gets a codec for arrays of <see cref="double"/> (little-endian elements).</summary>
    public static IResultCodec<double[]> DoubleArray { get; } = new DoubleArrayCodec();

    /// <summary>Gets a codec that writes results as JSON through source-generated metadata.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="typeInfo">The JSON metadata of <typeparamref name="TResult"/> (from a JsonSerializerContext).</param>
    /// <returns>The codec.</returns>
    public static IResultCodec<TResult> Json<TResult>(JsonTypeInfo<TResult> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new JsonCodec<TResult>(typeInfo);
    }

    private sealed class DoubleCodec : IResultCodec<double>
    {
        public void Write(double value, IBufferWriter<byte> output)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public double Read(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadDoubleLittleEndian(data);
    }

    private sealed class Int64Codec : IResultCodec<long>
    {
        public void Write(long value, IBufferWriter<byte> output)
        {
            BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), value);
            output.Advance(8);
        }

        public long Read(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadInt64LittleEndian(data);
    }

    private sealed class StringCodec : IResultCodec<string>
    {
        public void Write(string value, IBufferWriter<byte> output) => Encoding.UTF8.GetBytes(value, output);

        public string Read(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);
    }

    private sealed class DoubleArrayCodec : IResultCodec<double[]>
    {
        public void Write(double[] value, IBufferWriter<byte> output)
        {
            var bytes = MemoryMarshal.AsBytes(value.AsSpan());
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("The double[] result codec writes little-endian data and needs a little-endian machine.");
            }

            output.Write(bytes);
        }

        public double[] Read(ReadOnlySpan<byte> data)
        {
            if (data.Length % sizeof(double) != 0)
            {
                throw new FormatException($"A double[] result must be a multiple of 8 bytes long, not {data.Length}.");
            }

            return MemoryMarshal.Cast<byte, double>(data).ToArray();
        }
    }

    private sealed class JsonCodec<TResult>(JsonTypeInfo<TResult> typeInfo) : IResultCodec<TResult>
    {
        public void Write(TResult value, IBufferWriter<byte> output)
        {
            using var writer = new Utf8JsonWriter(output);
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        public TResult Read(ReadOnlySpan<byte> data)
            => JsonSerializer.Deserialize(data, typeInfo) ?? throw new FormatException($"The JSON result for {typeof(TResult).Name} was null.");
    }
}
