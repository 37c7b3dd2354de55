namespace ActorFrames.Cli.Display;

/// <summary>What the output can do: redraw in place (a terminal), colour, and how wide a line may be.</summary>
/// <param name="IsInteractive">Whether the output is a terminal that understands ANSI cursor movement.</param>
/// <param name="UseColor">Whether to colour the output (never when NO_COLOR is set).</param>
/// <param name="Width">The number of columns a line may use.</param>
internal sealed record TerminalCapabilities(bool IsInteractive, bool UseColor, int Width)
{
    /// <summary>Gets the capabilities of redirected output: plain lines, no colour, 120 columns.</summary>
    public static TerminalCapabilities Plain { get; } = new(false, false, 120);

    /// <summary>Works out the capabilities of the console.</summary>
    /// <param name="outputRedirected">Whether standard output is redirected (<see cref="Console.IsOutputRedirected"/>).</param>
    /// <param name="width">The console's width, or 0 when unknown.</param>
    /// <param name="environment">Reads an environment variable (NO_COLOR, TERM).</param>
    /// <returns>The capabilities.</returns>
    public static TerminalCapabilities Detect(bool outputRedirected, int width, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        // no-color.org: any non-empty NO_COLOR turns colour off; TERM=dumb cannot move the cursor.
        var noColor = !string.IsNullOrEmpty(environment("NO_COLOR"));
        var dumb = string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
        var interactive = !outputRedirected && !dumb;
        return new TerminalCapabilities(interactive, interactive && !noColor, width is > 20 and < 1000 ? width : 120);
    }

    /// <summary>Works out the capabilities of <see cref="Console.Out"/>.</summary>
    /// <returns>The capabilities.</returns>
    public static TerminalCapabilities DetectConsole()
    {
        var redirected = Console.IsOutputRedirected;
        var width = 0;
        if (!redirected)
        {
            try
            {
                width = Console.WindowWidth;
            }
            catch (IOException)
            {
                // No window (e.g. a pseudo-terminal without a size): keep the default width.
                width = 0;
            }
        }

        return Detect(redirected, width, Environment.GetEnvironmentVariable);
    }
}
