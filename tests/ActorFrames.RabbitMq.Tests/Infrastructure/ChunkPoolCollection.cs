namespace ActorFrames.Tests.Infrastructure;

/// <summary>
/// Tests that watch the process-wide pool of chunk objects: they run alone, after the parallel ones, so that no other
/// test takes the pooled object they wait for.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChunkPoolCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "ChunkPool";
}
