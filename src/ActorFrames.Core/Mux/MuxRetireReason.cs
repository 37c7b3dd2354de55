namespace ActorFrames.Mux;

/// <summary>Why an active stream left its slot.</summary>
public enum MuxRetireReason
{
    /// <summary>The stream yielded its whole budget.</summary>
    BudgetSpent = 0,

    /// <summary>The stream ended before its budget was spent.</summary>
    Exhausted = 1,

    /// <summary>The stream failed; whoever drives the scheduler decides whether to prune it.</summary>
    Failed = 2,

    /// <summary>
    /// The activation stood in for a failed stream and gave its slot back when that stream was restarted after its
    /// back-off (the budget is an upper bound, so it simply ended early).
    /// </summary>
    Preempted = 3,
}
