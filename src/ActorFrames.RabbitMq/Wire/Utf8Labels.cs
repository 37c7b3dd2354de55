using System.Text;

namespace ActorFrames.RabbitMq.Wire;

/// <summary>
/// The UTF-8 bytes of the names an origin dispatcher writes into every chunk's headers, encoded once per name (RabbitMQ
/// sends string header values as byte arrays, so handing it the bytes saves an encoding per message).
/// </summary>
internal sealed class Utf8Labels
{
    private const int MaxStreams = 4096;
    private readonly Dictionary<string, byte[]> _streams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="Utf8Labels"/> class.</summary>
    /// <param name="consumer">The consumer name.</param>
    /// <param name="handler">The handler name.</param>
    public Utf8Labels(string consumer, string handler)
    {
        Consumer = Encoding.UTF8.GetBytes(consumer);
        Handler = Encoding.UTF8.GetBytes(handler);
    }

    /// <summary>Gets the consumer name's bytes.</summary>
    public byte[] Consumer { get; }

    /// <summary>Gets the handler name's bytes.</summary>
    public byte[] Handler { get; }

    /// <summary>Gets the bytes of a stream name, encoding it the first time it is seen.</summary>
    /// <param name="stream">The stream name.</param>
    /// <returns>Its UTF-8 bytes; never change them.</returns>
    public byte[] Stream(string stream)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(stream, out var bytes))
            {
                return bytes;
            }

            if (_streams.Count >= MaxStreams)
            {
                _streams.Clear();
            }

            bytes = Encoding.UTF8.GetBytes(stream);
            _streams.Add(stream, bytes);
            return bytes;
        }
    }
}
