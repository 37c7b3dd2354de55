namespace ActorFrames.Rechunking;

/// <summary>What <see cref="Rechunker{T}.Complete"/> does with data too short to fill a chunk.</summary>
public enum RechunkTail
{
    /// <summary>Emit it as a last, shorter chunk marked <see cref="Frames.Chunk{T}.IsPartial"/>.</summary>
    Emit = 0,

    /// <summary>Drop it, counting its elements in <see cref="RechunkStatistics.ElementsDiscarded"/>.</summary>
    Drop = 1,
}
