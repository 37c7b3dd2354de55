namespace ActorFrames.RabbitMq.Wire;

/// <summary>The result message format: the body is the handler's encoded result, headers say whose and how it went.</summary>
internal static class ResultWireFormat
{
    /// <summary>Gets the <see cref="WireHeaders.Status"/> value of a result.</summary>
    public static ReadOnlySpan<byte> Ok => "ok"u8;

    /// <summary>Gets the <see cref="WireHeaders.Status"/> value of a failure.</summary>
    public static ReadOnlySpan<byte> Failed => "failed"u8;
}
