using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;
using Xunit.Sdk;

namespace ActorFrames.Tests.Mux;

/// <summary>Runs an FsCheck property from a [Fact] with a seed it reports on failure (replay it with MUX_PROPERTY_SEED).</summary>
internal static class PropertyRunner
{
    private const string SeedVariable = "MUX_PROPERTY_SEED";

    public static void Check(string name, Property property, int maxTest = 200)
    {
        string? fixedSeed = Environment.GetEnvironmentVariable(SeedVariable);
        ulong seed = fixedSeed is null ? (ulong)Random.Shared.NextInt64() : ulong.Parse(fixedSeed, CultureInfo.InvariantCulture);

        // FsCheck needs an odd gamma; deriving it from the seed makes the seed alone enough to replay a run.
        var replay = new Replay(new Rnd(seed, (seed * 2) + 1), FSharpOption<int>.None);
        Config config = Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithReplay(FSharpOption<Replay>.Some(replay));
        try
        {
            FsCheck.Check.One(name, config, property);
        }
        catch (Exception failure) when (failure is not XunitException)
        {
            throw new XunitException($"Property '{name}' failed with seed {seed} (replay: {SeedVariable}={seed}).{Environment.NewLine}{failure.Message}");
        }
    }
}
