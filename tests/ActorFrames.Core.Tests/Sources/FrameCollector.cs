using ActorFrames.Frames;
using ActorFrames.Sources;

namespace ActorFrames.Tests.Sources;

/// <summary>Drains a source into one array, checking the frame contract on the way.</summary>
internal static class FrameCollector
{
    public static async Task<(T[] Elements, List<FrameInfo> Frames)> DrainAsync<T>(IFrameSource<T> source, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        var elements = new List<T>();
        var frames = new List<FrameInfo>();
        while (await source.ReadAsync(cancellationToken) is { } frame)
        {
            try
            {
                Assert.Equal(source.Id, frame.Source);
                Assert.Equal(source.Channels, frame.Channels);
                Assert.True(frame.Length > 0, $"frame {frame.Sequence} of {source.Id} is empty; the end of a source is null, not an empty frame");
                elements.AddRange(frame.Span.ToArray());
                frames.Add(frame.Info);
            }
            finally
            {
                frame.Release();
            }
        }

        return (elements.ToArray(), frames);
    }
}
