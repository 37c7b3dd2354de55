namespace ActorFrames.RabbitMq.Wire;

/// <summary>One chunk's outcome inside a reply message.</summary>
/// <param name="Id">The chunk's id at its origin.</param>
/// <param name="Attempt">Which delivery produced the outcome, from 1.</param>
/// <param name="Succeeded">Whether the payload is a result (or else an error).</param>
/// <param name="Payload">The encoded result, or the UTF-8 text "type\nmessage".</param>
internal readonly ref struct ReplyRecord(long Id, int Attempt, bool Succeeded, ReadOnlySpan<byte> Payload)
{
    /// <summary>Gets the chunk's id at its origin.</summary>
    public long Id { get; } = Id;

    /// <summary>Gets which delivery produced the outcome, from 1.</summary>
    public int Attempt { get; } = Attempt;

    /// <summary>Gets a value indicating whether the payload is a result.</summary>
    public bool Succeeded { get; } = Succeeded;

    /// <summary>Gets the encoded result, or the error text.</summary>
    public ReadOnlySpan<byte> Payload { get; } = Payload;
}
