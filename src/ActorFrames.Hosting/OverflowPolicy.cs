namespace ActorFrames.Hosting;

/// <summary>What a consumer does when its chunks are cut faster than its workers handle them.</summary>
public enum OverflowPolicy
{
    /// <summary>Hold the source back until there is room (nothing is lost; a file source slows down).</summary>
    Wait,

    /// <summary>Keep at most <see cref="ConsumerOptions.MaxBufferedChunks"/> waiting chunks and drop the oldest (a live source keeps its pace).</summary>
    DropOldest,
}
