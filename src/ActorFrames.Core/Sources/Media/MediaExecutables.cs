namespace ActorFrames.Sources.Media;

/// <summary>Finds the ffmpeg and ffprobe executables: an explicit path, or a name looked up on PATH.</summary>
internal static class MediaExecutables
{
    /// <summary>Resolves <paramref name="configured"/> (a path, or a bare name to find on PATH) to an existing file.</summary>
    /// <param name="configured">The configured path or name.</param>
    /// <param name="setting">The option that configures it, named in the error.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="FileNotFoundException">The executable does not exist.</exception>
    public static string Resolve(string configured, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(configured, setting);
        if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || configured.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            if (File.Exists(configured))
            {
                return Path.GetFullPath(configured);
            }

            throw new FileNotFoundException($"The media tool '{configured}' ({setting}) does not exist. Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) or point {setting} at the executable.", configured);
        }

        var names = OperatingSystem.IsWindows() && !configured.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? new[] { configured + ".exe", configured } : [configured];
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"The media tool '{configured}' ({setting}) was not found on PATH. Install ffmpeg, which also provides ffprobe (Debian/Ubuntu: apt-get install ffmpeg), or set {setting} to its full path.", configured);
    }
}
