using System.Globalization;

namespace ActorFrames.Cli.Display;

/// <summary>How the display writes durations, rates and counts (invariant culture, so output is the same everywhere).</summary>
internal static class DisplayText
{
    /// <summary>The ANSI sequence that resets colours.</summary>
    public const string Reset = "\u001b[0m";

    /// <summary>The ANSI sequence for bold text.</summary>
    public const string Bold = "\u001b[1m";

    /// <summary>The ANSI sequence for yellow text (drops).</summary>
    public const string Yellow = "\u001b[33m";

    /// <summary>The ANSI sequence for red text (failures).</summary>
    public const string Red = "\u001b[31m";

    /// <summary>Writes a duration as seconds with one decimal below 10 minutes, else as minutes and seconds.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>For example <c>12.5 s</c> or <c>12 min 05 s</c>.</returns>
    public static string Duration(TimeSpan duration)
        => duration < TimeSpan.FromMinutes(10)
            ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s");

    /// <summary>Writes a rate with one decimal.</summary>
    /// <param name="perSecond">The rate per second.</param>
    /// <returns>For example <c>31.2</c>.</returns>
    public static string Rate(double perSecond)
        => double.IsFinite(perSecond) ? perSecond.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Writes a count.</summary>
    /// <param name="count">The count.</param>
    /// <returns>The count in invariant digits.</returns>
    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Colours a line by the consumer's trouble: red for failures, yellow for drops.</summary>
    /// <param name="line">The line.</param>
    /// <param name="consumer">The consumer the line shows.</param>
    /// <param name="color">Whether colour is on.</param>
    /// <returns>The line, coloured when there is something to flag.</returns>
    public static string Flag(string line, ConsumerProgress consumer, bool color)
    {
        if (!color)
        {
            return line;
        }

        return consumer.Failed > 0 ? Red + line + Reset : consumer.Dropped > 0 ? Yellow + line + Reset : line;
    }
}
