namespace ActorFrames.Sources.Producers;

/// <summary>How a <see cref="ParallelProducerSource{TMessage, T}"/> runs its producers and shapes their frames.</summary>
public sealed class ParallelProducerOptions
{
    /// <summary>The frames allowed in flight (dispatched, being made, or made and not yet read) per producer.</summary>
    public const int InFlightPerProducer = 4;

    /// <summary>Gets or sets the number of producer threads.</summary>
    /// <value><see cref="Environment.ProcessorCount"/>.</value>
    public int Producers { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets the elements in each frame (all channels); producers may write fewer.</summary>
    /// <value>4096.</value>
    public int FrameLength { get; set; } = 4096;

    /// <summary>Gets or sets the number of interleaved channels.</summary>
    /// <value>1.</value>
    public int Channels { get; set; } = 1;

    /// <summary>Gets or sets the rate in elements per second per channel, or null when the data has no rate.</summary>
    /// <value><see langword="null"/>.</value>
    public double? SampleRate { get; set; }

    /// <summary>Gets or sets the delivery order.</summary>
    /// <value><see cref="ProducerOrder.Deterministic"/>.</value>
    public ProducerOrder Order { get; set; } = ProducerOrder.Deterministic;

    /// <summary>Gets or sets how long disposal waits for producers that are still inside <see cref="IFrameProducer{TMessage, T}.Produce"/>.</summary>
    /// <value>1 second.</value>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the values and throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Producers, nameof(Producers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Producers, 1024, nameof(Producers));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Channels, nameof(Channels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FrameLength, nameof(FrameLength));
        if (FrameLength % Channels != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameLength), FrameLength, $"FrameLength must be a multiple of Channels ({Channels}).");
        }

        if (SampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), rate, "SampleRate must be positive and finite, or null.");
        }

        if (!Enum.IsDefined(Order))
        {
            throw new ArgumentOutOfRangeException(nameof(Order), Order, "Order must be Deterministic or AsReady.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(DisposeTimeout, TimeSpan.Zero, nameof(DisposeTimeout));
    }
}
