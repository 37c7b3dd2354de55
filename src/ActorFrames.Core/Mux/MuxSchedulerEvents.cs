namespace ActorFrames.Mux;

/// <summary>A stream was activated in a slot with a budget.</summary>
/// <param name="Slot">The slot, in [0, active count).</param>
/// <param name="Stream">The stream's index in the mux's stream list.</param>
/// <param name="Budget">The most items the activation may yield; <see cref="long.MaxValue"/> when unbounded.</param>
internal readonly record struct MuxActivation(int Slot, int Stream, long Budget);

/// <summary>A stream left its slot.</summary>
/// <param name="Slot">The slot it occupied.</param>
/// <param name="Stream">The stream's index in the mux's stream list.</param>
/// <param name="Reason">Why it left.</param>
/// <param name="Items">How many items it yielded in this activation.</param>
/// <param name="Pruned">Whether the stream was removed for the rest of the iteration.</param>
internal readonly record struct MuxRetirement(int Slot, int Stream, MuxRetireReason Reason, long Items, bool Pruned);
