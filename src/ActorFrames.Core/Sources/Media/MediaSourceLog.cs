using Microsoft.Extensions.Logging;

namespace ActorFrames.Sources.Media;

/// <summary>Log messages of the media source (event ids 7100-7199: sources).</summary>
internal static partial class MediaSourceLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Output {Output} of {Input} is dropping its oldest chunks: the reader lags behind the decoder (buffer of {BufferChunks} chunks); later drops are counted, not logged")]
    public static partial void ChunksDropped(ILogger logger, string output, string input, int bufferChunks);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Input {Input} is temporarily unavailable (attempt {Attempt}: {Error}); retrying in {Backoff}")]
    public static partial void InputUnavailable(ILogger logger, string input, int attempt, string error, TimeSpan backoff);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Decoding {Input} from {StartAt} into {Outputs} output(s)")]
    public static partial void DecodingStarted(ILogger logger, string input, TimeSpan startAt, int outputs);
}
