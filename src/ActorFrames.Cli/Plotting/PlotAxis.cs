namespace ActorFrames.Cli.Plotting;

/// <summary>A linear axis: a value range mapped onto a pixel range, with "nice" tick values (1, 2 or 5 × 10^k apart).</summary>
/// <param name="Minimum">The value at the start of the axis.</param>
/// <param name="Maximum">The value at the end of the axis.</param>
/// <param name="Step">The distance between ticks.</param>
/// <param name="PixelStart">The pixel coordinate of <paramref name="Minimum"/>.</param>
/// <param name="PixelEnd">The pixel coordinate of <paramref name="Maximum"/>.</param>
internal sealed record PlotAxis(double Minimum, double Maximum, double Step, double PixelStart, double PixelEnd)
{
    /// <summary>Builds an axis that covers <paramref name="low"/> to <paramref name="high"/>, widened to whole ticks.</summary>
    /// <param name="low">The smallest value to show.</param>
    /// <param name="high">The largest value to show.</param>
    /// <param name="pixelStart">The pixel coordinate of the minimum.</param>
    /// <param name="pixelEnd">The pixel coordinate of the maximum.</param>
    /// <param name="ticks">About how many ticks to draw.</param>
    /// <returns>The axis.</returns>
    public static PlotAxis Covering(double low, double high, double pixelStart, double pixelEnd, int ticks = 6)
    {
        if (!(high > low))
        {
            high = low + 1;
        }

        var step = NiceStep((high - low) / Math.Max(1, ticks));
        var minimum = Math.Floor(low / step) * step;
        var maximum = Math.Ceiling(high / step) * step;
        return new PlotAxis(minimum, maximum, step, pixelStart, pixelEnd);
    }

    /// <summary>Maps a value to its pixel coordinate, clamping it to the axis.</summary>
    /// <param name="value">The value; negative infinity maps to the minimum.</param>
    /// <returns>The pixel coordinate.</returns>
    public double ToPixel(double value)
    {
        var clamped = Math.Clamp(value, Minimum, Maximum);
        return PixelStart + ((clamped - Minimum) / (Maximum - Minimum) * (PixelEnd - PixelStart));
    }

    /// <summary>Gets the tick values from minimum to maximum.</summary>
    /// <returns>The ticks.</returns>
    public IEnumerable<double> Ticks()
    {
        var count = (int)Math.Round((Maximum - Minimum) / Step);
        for (var i = 0; i <= count; i++)
        {
            yield return Minimum + (i * Step);
        }
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
