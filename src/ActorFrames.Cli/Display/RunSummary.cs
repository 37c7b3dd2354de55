namespace ActorFrames.Cli.Display;

/// <summary>What the end-of-run summary reports.</summary>
/// <param name="Final">The last snapshot, taken after every consumer drained.</param>
/// <param name="OutputFolder">The folder that received the segments and the plot, or <see langword="null"/>.</param>
/// <param name="PlotPath">The plot file, or <see langword="null"/> when none was written.</param>
/// <param name="Interrupted">Whether the run was stopped early (Ctrl-C) and flushed its partial chunks.</param>
internal sealed record RunSummary(RunSnapshot Final, string? OutputFolder, string? PlotPath, bool Interrupted = false);
