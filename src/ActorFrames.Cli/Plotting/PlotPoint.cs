namespace ActorFrames.Cli.Plotting;

/// <summary>One point of a plotted series.</summary>
/// <param name="Seconds">The time from the start of the stream.</param>
/// <param name="Value">The value (dBFS or hertz); negative infinity is drawn at the bottom of the axis, NaN is left out.</param>
internal readonly record struct PlotPoint(double Seconds, double Value);
