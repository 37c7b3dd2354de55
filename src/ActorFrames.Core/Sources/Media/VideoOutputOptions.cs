namespace ActorFrames.Sources.Media;

/// <summary>
/// One video output of a <see cref="MediaSource"/>: raw images of one pixel format and size. A frame's
/// <c>Channels</c> is the bytes of one image, so a frame holds whole images and its rate is the frame rate.
/// </summary>
public sealed class VideoOutputOptions
{
    /// <summary>Gets or sets the output's name, appended to the input to form its <see cref="Frames.SourceId"/>.</summary>
    /// <value>"video" followed by the output's position.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the images per chunk; -1 emits each image as soon as it is decoded.</summary>
    /// <value>1.</value>
    public int FramesPerChunk { get; set; } = 1;

    /// <summary>Gets or sets the chunks buffered for a lagging reader before the oldest is dropped; -1 never drops (the decoder waits instead).</summary>
    /// <value>3.</value>
    public int BufferChunkSize { get; set; } = 3;

    /// <summary>Gets or sets the input stream index (ffmpeg 0:N); null takes the first video stream.</summary>
    /// <value><see langword="null"/>.</value>
    public int? StreamIndex { get; set; }

    /// <summary>Gets or sets the pixel format: rgb24, bgr24, rgba, bgra, gray, gray16le, yuv420p, yuv422p, yuv444p or nv12.</summary>
    /// <value>"rgb24".</value>
    public string PixelFormat { get; set; } = "rgb24";

    /// <summary>Gets or sets the output width in pixels (scaled); null keeps the input's.</summary>
    /// <value><see langword="null"/>.</value>
    public int? Width { get; set; }

    /// <summary>Gets or sets the output height in pixels (scaled); null keeps the input's.</summary>
    /// <value><see langword="null"/>.</value>
    public int? Height { get; set; }

    /// <summary>Gets or sets the output frame rate (frames dropped or repeated to a constant rate); null keeps the input's average rate.</summary>
    /// <value><see langword="null"/>.</value>
    public double? FrameRate { get; set; }

    internal void Validate()
    {
        ChunkingRules.Validate(FramesPerChunk, BufferChunkSize);
        _ = PixelFormats.BytesPerImage(PixelFormat, 2, 2);
        if (StreamIndex is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StreamIndex), StreamIndex, "StreamIndex must be 0 or more, or null for the first video stream.");
        }

        if (Width is <= 0 or > 16384 || Height is <= 0 or > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"{Width}x{Height}", "Width and Height must be 1..16384, or null to keep the input's.");
        }

        if (FrameRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameRate), rate, "FrameRate must be positive and finite, or null to keep the input's.");
        }
    }
}
