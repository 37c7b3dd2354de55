namespace ActorFrames.Pipelines;

/// <summary>What a consumer does when its workers fall behind (its in-flight limit is reached).</summary>
public enum ConsumerOverflow
{
    /// <summary>The source waits (files, generators): nothing is dropped.</summary>
    Backpressure = 0,

    /// <summary>Cut chunks wait in the rechunker's bounded buffer, the oldest dropped and counted (live capture).</summary>
    DropOldest = 1,
}
