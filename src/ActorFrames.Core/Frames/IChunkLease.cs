namespace ActorFrames.Frames;

/// <summary>A reference on shared memory that a chunk releases when it is disposed.</summary>
internal interface IChunkLease
{
    /// <summary>Drops the reference.</summary>
    void Release();
}
