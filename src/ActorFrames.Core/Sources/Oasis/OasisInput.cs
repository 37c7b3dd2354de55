namespace ActorFrames.Sources.Oasis;

/// <summary>One OASIS loss stream to read: a file, a pipe from gulpy/fmpy, standard input, a socket.</summary>
/// <param name="Name">The input's name, used in error messages (a path, "stdin", an endpoint).</param>
/// <param name="Stream">The readable stream, positioned at the stream header; the source disposes it.</param>
public readonly record struct OasisInput(string Name, Stream Stream)
{
    /// <summary>Opens a file for sequential reading.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The input, named after <paramref name="path"/>.</returns>
    public static OasisInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new OasisInput(path, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    /// <summary>Reads the process's standard input (the usual way gulpy | fmpy pipelines hand streams on).</summary>
    /// <returns>The input, named "stdin".</returns>
    public static OasisInput FromStandardInput() => new("stdin", Bytes.NamedPipeStreams.OpenStandardInput());
}
