namespace ActorFrames.Sources.Media;

/// <summary>The rules shared by audio and video outputs for frames-per-chunk and buffer-chunk-size.</summary>
internal static class ChunkingRules
{
    public static void Validate(int framesPerChunk, int bufferChunkSize)
    {
        if (framesPerChunk is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerChunk), framesPerChunk, "FramesPerChunk must be positive, or -1 to emit what each read decodes.");
        }

        if (bufferChunkSize is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferChunkSize), bufferChunkSize, "BufferChunkSize must be positive, or -1 to never drop chunks.");
        }
    }
}
