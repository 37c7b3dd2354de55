namespace ActorFrames.Frames;

/// <summary>What a chunk carries besides its elements; also the metadata of the chunk wire format.</summary>
/// <param name="Source">The stream (source) the chunk was cut from.</param>
/// <param name="Consumer">The consumer the chunk was cut for.</param>
/// <param name="Sequence">The chunk's position in the consumer's output for this stream, from 0.</param>
/// <param name="Timestamp">The time of the chunk's first element.</param>
/// <param name="Channels">The number of interleaved channels.</param>
/// <param name="SampleRate">Elements per second per channel, or <see langword="null"/>.</param>
/// <param name="IsPartial">Whether the chunk is the shorter tail at the end of the stream.</param>
/// <param name="FramesDroppedBefore">Frames dropped (sampler pause) since the previous chunk was cut.</param>
/// <param name="ChunksDroppedBefore">Chunks dropped (drop-oldest when the consumer lags) just before this one.</param>
public readonly record struct ChunkInfo(
    SourceId Source,
    string Consumer,
    long Sequence,
    DateTimeOffset Timestamp,
    int Channels = 1,
    double? SampleRate = null,
    bool IsPartial = false,
    long FramesDroppedBefore = 0,
    long ChunksDroppedBefore = 0);
