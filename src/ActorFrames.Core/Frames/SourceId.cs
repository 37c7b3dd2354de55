namespace ActorFrames.Frames;

/// <summary>Identifies the source that produced a frame (a file, a device, a pipe, a generator).</summary>
/// <param name="Value">The source's name; unique within a pipeline.</param>
public readonly record struct SourceId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
