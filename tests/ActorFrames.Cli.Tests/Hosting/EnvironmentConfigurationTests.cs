using ActorFrames.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActorFrames.Tests.Hosting;

[CollectionDefinition(nameof(EnvironmentConfigurationTests), DisableParallelization = true)]
public sealed class EnvironmentConfigurationCollection;

[Collection(nameof(EnvironmentConfigurationTests))]
public sealed class EnvironmentConfigurationTests
{
    [Fact]
    public void AddActorFramesSources_EnvironmentVariable_OverridesFileButNotCommandLine()
    {
        const string Variable = "ACTORFRAMES_ActorFrames__Consumers__spectrum__Workers";
        Environment.SetEnvironmentVariable(Variable, "5");
        Environment.SetEnvironmentVariable("ACTORFRAMES_ActorFrames__OutputFolder", "from-env");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddActorFramesSources(ConfigFiles.EmbeddedDefault(), args: ["--ActorFrames:OutputFolder=from-args"])
                .Build();

            Assert.Equal("5", configuration["ActorFrames:Consumers:spectrum:Workers"]);
            Assert.Null(configuration["ACTORFRAMES_ActorFrames:OutputFolder"]);
            Assert.Equal("from-args", configuration["ActorFrames:OutputFolder"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
            Environment.SetEnvironmentVariable("ACTORFRAMES_ActorFrames__OutputFolder", null);
        }
    }
}
