using System.Diagnostics.CodeAnalysis;
using RabbitMQ.Client;

namespace ActorFrames.RabbitMq.Connections;

/// <summary>
/// Closes channels and connections that may already be dead: any failure to close means they are closed, and the
/// broker requeues whatever they held unacknowledged.
/// </summary>
internal static class BrokerClose
{
    /// <summary>Closes and disposes <paramref name="channel"/>, ignoring failures.</summary>
    /// <param name="channel">The channel, or <see langword="null"/>.</param>
    /// <returns>A task that completes when closed.</returns>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Closing a channel that may already be dead: any failure means it is closed.")]
    public static async Task QuietlyAsync(IChannel? channel)
    {
        if (channel is null)
        {
            return;
        }

        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Already closed.
        }

        channel.Dispose();
    }

    /// <summary>Closes <paramref name="connection"/> within two seconds, ignoring failures (the caller disposes it).</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>A task that completes when closed.</returns>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Closing a connection that may already be dead: any failure means it is closed.")]
    public static async Task QuietlyAsync(IConnection connection)
    {
        try
        {
            if (connection.IsOpen)
            {
                await connection.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Already closed or unreachable.
        }
    }
}
