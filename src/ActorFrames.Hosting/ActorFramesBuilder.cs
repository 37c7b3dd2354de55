using Microsoft.Extensions.DependencyInjection;

namespace ActorFrames.Hosting;

/// <summary>
/// What <see cref="ActorFramesServiceCollectionExtensions.AddActorFrames"/> returns, so that other packages
/// can add to the registration (<c>services.AddActorFrames(configuration).UseRabbitMq()</c>).
/// </summary>
/// <param name="services">The service collection ActorFrames was added to.</param>
public sealed class ActorFramesBuilder(IServiceCollection services)
{
    /// <summary>Gets the service collection ActorFrames was added to.</summary>
    public IServiceCollection Services { get; } = services;
}
