namespace ActorFrames.Rechunking;

/// <summary>What one consumer of a <see cref="Rechunker{T}"/> has seen, cut, dropped and handed out.</summary>
/// <param name="FramesWritten">Frames offered to the consumer, including those it dropped.</param>
/// <param name="FramesDropped">Frames dropped because they arrived during a sampler pause.</param>
/// <param name="ElementsDiscarded">
/// Elements that reached no chunk although their frame was accepted: the rest of the frame that completed a
/// chunk when a sampler pause began, and the tail when <see cref="RechunkOptions.Tail"/> is <see cref="RechunkTail.Drop"/>.
/// </param>
/// <param name="ChunksCut">Chunks cut, including the partial tail and chunks dropped later.</param>
/// <param name="ChunksDropped">Chunks dropped, oldest first, because more than <see cref="RechunkOptions.MaxBufferedChunks"/> waited to be read.</param>
/// <param name="ChunksRead">Chunks handed out by <see cref="RechunkConsumer{T}.TryRead"/>.</param>
public readonly record struct RechunkStatistics(
    long FramesWritten,
    long FramesDropped,
    long ElementsDiscarded,
    long ChunksCut,
    long ChunksDropped,
    long ChunksRead);
