namespace ActorFrames.RabbitMq.Wire;

/// <summary>The AMQP header names of chunk and result messages. Short, stable, and readable in the broker's views.</summary>
internal static class WireHeaders
{
    /// <summary>The stream (source) the chunk was cut from (UTF-8).</summary>
    public const string Stream = "af-stream";

    /// <summary>The pipeline consumer (UTF-8).</summary>
    public const string Consumer = "af-consumer";

    /// <summary>The chunk's sequence in its consumer's output for its stream (long).</summary>
    public const string Sequence = "af-seq";

    /// <summary>The time of the chunk's first element as UTC ticks (long).</summary>
    public const string Timestamp = "af-ts";

    /// <summary>The <see cref="Frames.ElementType"/> of the body's elements (int).</summary>
    public const string ElementType = "af-type";

    /// <summary>The number of interleaved channels (int).</summary>
    public const string Channels = "af-channels";

    /// <summary>Elements per second per channel (double); absent when the data has no rate.</summary>
    public const string Rate = "af-rate";

    /// <summary>Whether the chunk is the shorter tail of its stream (bool); absent when it is not.</summary>
    public const string Partial = "af-partial";

    /// <summary>The registered handler that must run the chunk (UTF-8).</summary>
    public const string Handler = "af-handler";

    /// <summary>The id the origin dispatcher gave the chunk; results carry it back (long).</summary>
    public const string Id = "af-id";

    /// <summary>Frames dropped by the sampler before the chunk (long); absent when zero.</summary>
    public const string FramesDropped = "af-frames-dropped";

    /// <summary>Chunks dropped before this one (long); absent when zero.</summary>
    public const string ChunksDropped = "af-chunks-dropped";

    /// <summary>On a reply: how many outcome records its body holds (int).</summary>
    public const string Batch = "af-batch";

    /// <summary>On a reply or dead letter: the worker node's name (UTF-8).</summary>
    public const string Node = "af-node";

    /// <summary>On a dead letter: which delivery of the chunk this was, from 1 (int).</summary>
    public const string Attempt = "af-attempt";

    /// <summary>On a dead letter: the handler's error type (UTF-8).</summary>
    public const string ErrorType = "af-error-type";

    /// <summary>On a dead letter: the handler's error message (UTF-8).</summary>
    public const string Error = "af-error";

    /// <summary>On a dead letter: the full error text, stack trace included, cut at 8 KiB (UTF-8).</summary>
    public const string ErrorDetail = "af-error-detail";

    /// <summary>Set by quorum queues: how many times the message was delivered and returned before (long).</summary>
    public const string DeliveryCount = "x-delivery-count";
}
