namespace ActorFrames.Mux.Batching;

/// <summary>How a re-batcher turns incoming batches into rows of the output.</summary>
public enum RebatchMode
{
    /// <summary>
    /// Every incoming row is an output row: batches are concatenated along their rows and cut into batches of
    /// the configured size (pescador's BufferedStreamer; row shapes stay as they are).
    /// </summary>
    Concatenate = 0,

    /// <summary>
    /// Every incoming batch becomes one output row: a column of shape (rows, d…) becomes a row of that shape, so the
    /// output has shape (size, rows, d…) (numpy's stack of the items).
    /// </summary>
    Stack = 1,
}
