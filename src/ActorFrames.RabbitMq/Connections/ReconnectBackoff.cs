namespace ActorFrames.RabbitMq.Connections;

/// <summary>The pause before the next connection attempt: doubles from a minimum to a maximum, resets on success.</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    /// <summary>Initializes a new instance of the <see cref="ReconnectBackoff"/> class.</summary>
    /// <param name="min">The first pause.</param>
    /// <param name="max">The longest pause.</param>
    public ReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max < min ? min : max;
        _next = min;
    }

    /// <summary>Gets the pause to wait now and doubles the next one.</summary>
    /// <returns>The pause.</returns>
    public TimeSpan Next()
    {
        var current = _next;
        var doubled = current * 2;
        _next = doubled > _max ? _max : doubled;
        return current;
    }

    /// <summary>Starts again from the minimum after a successful connection.</summary>
    public void Reset() => _next = _min;
}
