namespace ActorFrames.Mux;

/// <summary>Why an active stream left its slot.</summary>
internal enum MuxRetireReason
{
    /// <summary>The stream yielded its whole budget.</summary>
    BudgetSpent = 0,

    /// <summary>The stream ended before its budget was spent.</summary>
    Exhausted = 1,

    /// <summary>The stream failed; whoever drives the scheduler decides whether to prune it.</summary>
    Failed = 2,
}
