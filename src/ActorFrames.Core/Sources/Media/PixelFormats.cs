namespace ActorFrames.Sources.Media;

/// <summary>The raw pixel formats a video output supports and the size of one image in each.</summary>
internal static class PixelFormats
{
    /// <summary>Gets the bytes of one <paramref name="width"/> x <paramref name="height"/> image in <paramref name="format"/>.</summary>
    public static int BytesPerImage(string format, int width, int height)
    {
        var pixels = (long)width * height;
        var chroma = (long)((width + 1) / 2) * ((height + 1) / 2);
        var bytes = format switch
        {
            "rgb24" or "bgr24" or "yuv444p" => 3 * pixels,
            "rgba" or "bgra" or "argb" or "abgr" => 4 * pixels,
            "gray" => pixels,
            "gray16le" => 2 * pixels,
            "yuv420p" or "nv12" => pixels + (2 * chroma),
            "yuv422p" => pixels + (2 * (long)((width + 1) / 2) * height),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "PixelFormat must be rgb24, bgr24, rgba, bgra, argb, abgr, gray, gray16le, yuv420p, yuv422p, yuv444p or nv12."),
        };
        if (bytes > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}", "One image would exceed 1 GiB.");
        }

        return (int)bytes;
    }
}
