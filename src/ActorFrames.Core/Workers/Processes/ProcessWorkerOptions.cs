namespace ActorFrames.Workers.Processes;

/// <summary>How the <see cref="WorkerMode.Process(int, ProcessWorkerOptions?)"/> mode starts and retries its child processes.</summary>
public sealed class ProcessWorkerOptions
{
    /// <summary>Gets or sets the executable of the child processes.</summary>
    /// <value>
    /// <see langword="null"/>: the running <c>actorframes</c> executable, or <c>dotnet actorframes.dll</c> found
    /// next to the application. A user's own executable must call <see cref="ProcessWorkerHost.RunAsync"/> when
    /// started with <see cref="Arguments"/>.
    /// </value>
    public string? Executable { get; set; }

    /// <summary>Gets the arguments that make the executable a worker child.</summary>
    /// <value><c>["worker"]</c>.</value>
    public IList<string> Arguments { get; } = ["worker"];

    /// <summary>Gets or sets how many times one chunk is tried (a child that dies or a handler that throws) before it is dead-lettered.</summary>
    /// <value>3.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets how long a child may take to start and answer its first request before it counts as failed.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when an option is out of range, naming it.</summary>
    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "ProcessWorkerOptions.MaxAttempts must be 1 or more.");
        }

        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "ProcessWorkerOptions.StartTimeout must be positive.");
        }

        if (Arguments.Count == 0)
        {
            throw new ArgumentException("ProcessWorkerOptions.Arguments must name the worker entry point (e.g. \"worker\").", nameof(Arguments));
        }
    }
}
