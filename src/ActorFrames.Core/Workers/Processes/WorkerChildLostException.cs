namespace ActorFrames.Workers.Processes;

/// <summary>A worker child died or broke its pipe while it held a chunk.</summary>
internal sealed class WorkerChildLostException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WorkerChildLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkerChildLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
