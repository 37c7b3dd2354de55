using Microsoft.Extensions.Logging;

namespace ActorFrames.Rechunking;

/// <summary>Log messages of the rechunker (event ids 2001-2099).</summary>
internal static partial class RechunkerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Consumer {Consumer} of source {Source} lags: its oldest waiting chunks are dropped to keep at most {MaxBufferedChunks}; drops are counted, not logged again")]
    public static partial void ChunksDropping(ILogger logger, string consumer, string source, int maxBufferedChunks);
}
