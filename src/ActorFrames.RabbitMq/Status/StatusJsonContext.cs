using System.Text.Json.Serialization;

namespace ActorFrames.RabbitMq.Status;

/// <summary>Source-generated JSON for heartbeats and status reports (no reflection, trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(NodeHeartbeat))]
[JsonSerializable(typeof(ClusterStatusReport))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
