namespace ActorFrames.Sources;

/// <summary>
/// The bytes of a source (a WAV file, an OASIS stream, a pipe) are malformed, truncated or oversized. The message
/// and the properties name the input and the byte offset at which the problem was found.
/// </summary>
/// <remarks>
/// A dedicated type (rather than a bare <see cref="FormatException"/>) so that callers can tell "this input is bad"
/// apart from I/O failures and bugs, and can log <see cref="SourceName"/> and <see cref="Offset"/> without parsing text.
/// </remarks>
public sealed class SourceFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="SourceFormatException"/> class.</summary>
    public SourceFormatException()
        : this("(unknown)", 0, "The input is malformed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    public SourceFormatException(string message)
        : this("(unknown)", 0, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceFormatException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SourceFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = "(unknown)";
    }

    /// <summary>Initializes a new instance of the <see cref="SourceFormatException"/> class.</summary>
    /// <param name="sourceName">The file, stream or pipe the bytes came from.</param>
    /// <param name="offset">The byte offset in that input where the problem was found.</param>
    /// <param name="problem">What is wrong, naming the field, its value and the rule it breaks.</param>
    public SourceFormatException(string sourceName, long offset, string problem)
        : base($"{sourceName}, byte offset {offset}: {problem}")
    {
        SourceName = sourceName;
        Offset = offset;
    }

    /// <summary>Gets the file, stream or pipe the bytes came from.</summary>
    public string SourceName { get; }

    /// <summary>Gets the byte offset in the input where the problem was found.</summary>
    public long Offset { get; }
}
