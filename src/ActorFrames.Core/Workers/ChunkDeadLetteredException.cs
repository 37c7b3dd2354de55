using ActorFrames.Frames;

namespace ActorFrames.Workers;

/// <summary>A chunk was given up on after its retry limit: the error its last attempt reported.</summary>
public sealed class ChunkDeadLetteredException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="attempts">How many times it was tried.</param>
    /// <param name="lastError">The last attempt's error.</param>
    public ChunkDeadLetteredException(ChunkInfo chunk, int attempts, string lastError)
        : base($"Chunk {chunk.Source}/{chunk.Consumer}#{chunk.Sequence} was dead-lettered after {attempts} attempts: {lastError}")
    {
        Chunk = chunk;
        Attempts = attempts;
        LastError = lastError;
    }

    /// <summary>Gets the chunk's metadata.</summary>
    public ChunkInfo Chunk { get; }

    /// <summary>Gets how many times the chunk was tried.</summary>
    public int Attempts { get; }

    /// <summary>Gets the last attempt's error.</summary>
    public string LastError { get; }
}
