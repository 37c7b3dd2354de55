namespace ActorFrames.Tests.Hosting;

/// <summary>Finds the repository's cluster-config folder and the CLI's embedded default.</summary>
internal static class ConfigFiles
{
    public const string EmbeddedDefaultName = "ActorFrames.Cli.local.json";

    public static string Path(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "cluster-config", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"cluster-config/{name} was not found above {AppContext.BaseDirectory}.");
    }

    public static Stream EmbeddedDefault()
        => typeof(ActorFrames.Cli.Program).Assembly.GetManifestResourceStream(EmbeddedDefaultName)
            ?? throw new InvalidOperationException($"The actorframes assembly has no resource '{EmbeddedDefaultName}'.");
}
