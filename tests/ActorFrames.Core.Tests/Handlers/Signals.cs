using ActorFrames.Frames;

namespace ActorFrames.Tests.Handlers;

/// <summary>Known test signals and chunk metadata for the handler tests.</summary>
internal static class Signals
{
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static float[] Sine(double frequency, double amplitude, int rate, int samples, int channels = 1)
    {
        var data = new float[samples * channels];
        for (var n = 0; n < samples; n++)
        {
            var value = (float)(amplitude * Math.Sin(2.0 * Math.PI * frequency * n / rate));
            for (var c = 0; c < channels; c++)
            {
                data[(n * channels) + c] = value;
            }
        }

        return data;
    }

    public static short[] ToInt16(float[] data, double scale = short.MaxValue)
    {
        var result = new short[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = (short)Math.Round(data[i] * scale);
        }

        return result;
    }

    public static ChunkInfo Info(int rate, int channels = 1, long sequence = 0, string consumer = "test", string source = "signal")
        => new(new SourceId(source), consumer, sequence, Start, channels, rate);
}
