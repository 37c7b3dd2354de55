using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ActorFrames.RabbitMq.Connections;

/// <summary>Parses <see cref="RabbitMqOptions.Endpoints"/>.</summary>
internal static class BrokerEndpoints
{
    /// <summary>Parses comma-separated <c>host:port</c> pairs.</summary>
    /// <param name="value">The setting.</param>
    /// <param name="endpoints">The parsed pairs.</param>
    /// <param name="error">Why parsing failed.</param>
    /// <returns><see langword="true"/> when every pair is valid.</returns>
    public static bool TryParse(string? value, out IReadOnlyList<(string Host, int Port)> endpoints, [NotNullWhen(false)] out string? error)
    {
        var list = new List<(string Host, int Port)>();
        endpoints = list;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "at least one host:port is required.";
            return false;
        }

        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || colon == part.Length - 1)
            {
                error = $"'{part}' must be host:port.";
                return false;
            }

            var host = part[..colon].Trim('[', ']');
            if (!int.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                error = $"'{part}' has port '{part[(colon + 1)..]}'; a port is a number from 1 to 65535.";
                return false;
            }

            list.Add((host, port));
        }

        if (list.Count == 0)
        {
            error = "at least one host:port is required.";
            return false;
        }

        error = null;
        return true;
    }
}
