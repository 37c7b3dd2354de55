using System.Globalization;

namespace ActorFrames.RabbitMq.Origin;

/// <summary>
/// The folder where a spool's chunks wait on disk while the broker is away and memory is full: one file per chunk,
/// named after the spool and the chunk's id, written whole or not at all, deleted once read back.
/// </summary>
internal sealed class SpoolDirectory
{
    private readonly string _path;
    private readonly string _prefix;

    /// <summary>Initializes a new instance of the <see cref="SpoolDirectory"/> class and creates the folder.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="prefix">A name unique to the spool.</param>
    public SpoolDirectory(string path, string prefix)
    {
        _path = path;
        _prefix = prefix;
        Directory.CreateDirectory(path);
    }

    /// <summary>Writes a chunk's body to a file of its own.</summary>
    /// <param name="id">The chunk's id.</param>
    /// <param name="body">The body.</param>
    /// <returns>The file's path.</returns>
    /// <exception cref="IOException">The file could not be written (a full disk, say); no part-written file is left.</exception>
    public string Write(long id, ReadOnlySpan<byte> body)
    {
        var path = Path.Combine(_path, string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{id:D19}.chunk"));
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            file.Write(body);
        }
        catch
        {
            TryDelete(path);
            throw;
        }

        return path;
    }

    /// <summary>Reads a body back into <paramref name="buffer"/> and deletes its file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="buffer">Room for the body.</param>
    /// <param name="length">The body's length.</param>
    public static void ReadAndDelete(string path, byte[] buffer, int length)
    {
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.None))
        {
            file.ReadExactly(buffer, 0, length);
        }

        TryDelete(path);
    }

    /// <summary>Deletes a file if it can; the folder is the operator's, so a failure is left alone.</summary>
    /// <param name="path">The file.</param>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do.
        }
    }
}
