using System.Collections.ObjectModel;

namespace ActorFrames.Sources.Media;

/// <summary>The part of an output stream the <see cref="MediaSource"/> drives, whatever its element type.</summary>
internal interface IMediaOutput
{
    /// <summary>Gets the output's name.</summary>
    string Name { get; }

    /// <summary>Gets whether the options alone give the rate, channels or image size (no probe needed to build arguments).</summary>
    bool IsFullySpecified { get; }

    /// <summary>Resolves the input stream, rate, channels or image size from the probe (or the options alone).</summary>
    void Configure(MediaInfo? info);

    /// <summary>Records which probed stream the output decodes, after it was configured without the probe.</summary>
    void Describe(MediaInfo info);

    /// <summary>Adds this output's ffmpeg arguments, writing to <paramref name="target"/>.</summary>
    void AddArguments(Collection<string> arguments, string target);

    /// <summary>Reads the output's raw bytes until the end, publishing chunks; flushes the partial last chunk unless cancelled.</summary>
    Task PumpAsync(Stream stream, DateTimeOffset zero, Action onData, CancellationToken cancellationToken);

    /// <summary>Ends the output: readers drain what is buffered, then see the end or <paramref name="error"/>.</summary>
    void Complete(Exception? error);

    /// <summary>Drops everything buffered and opens a fresh buffer (seek); a waiting reader moves to it.</summary>
    void Restart();
}
