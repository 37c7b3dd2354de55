using System.Buffers;

namespace ActorFrames.Workers;

/// <summary>Writes and reads a handler's result when it crosses a process or machine boundary.</summary>
/// <typeparam name="TResult">The result type.</typeparam>
public interface IResultCodec<TResult>
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <param name="value">The result.</param>
    /// <param name="output">Where to write its bytes.</param>
    void Write(TResult value, IBufferWriter<byte> output);

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The result.</returns>
    TResult Read(ReadOnlySpan<byte> data);
}
