using System.Buffers.Binary;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Oasis;

namespace ActorFrames.Tests.Sources.Oasis;

public sealed class OasisFuzzTests
{
    private const int Iterations = 10_000;

    [Fact]
    public async Task ReadAsync_10000CorruptedStreams_MatchTheReferenceReadingOrItsErrorOffset()
    {
        const int seed = 5150;
        var random = new Random(seed);
        byte[][] seeds =
        [
            .. OasisFixtures.AllBinaries.Select(OasisFixtures.Bytes),
            OasisSourceTests.Stream(2, 3, [(1, 10, [(1, float.NaN), (2, 5f)], true), (2, 11, [(-1, 2.5f)], false)]),
            OasisSourceTests.Stream(1, 2, [(4, 1, [(1, 1f)], true), (4, 2, [], true), (5, 1, [(-5, 9f), (2, float.NegativeInfinity)], true)]),
        ];
        var outcomes = new int[2];

        await RunAllAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(outcomes[0] > Iterations / 10, $"only {outcomes[0]} corrupted streams were rejected: the mutations are too gentle");
        Assert.True(outcomes[1] > Iterations / 10, $"only {outcomes[1]} corrupted streams read cleanly: the mutations never leave a valid stream");

        async Task RunAllAsync()
        {
            for (var i = 0; i < Iterations; i++)
            {
                var stream = Mutate(seeds[random.Next(seeds.Length)], random);
                var maxRead = random.Next(3) == 0 ? int.MaxValue : random.Next(1, 100);
                var target = random.Next(64, 600);
                var expected = OasisReference.Parse(stream);
                try
                {
                    await CheckAsync(stream, maxRead, target, expected);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"iteration {i} (seed {seed}, maxRead {maxRead}, target {target}) disagreed with the reference: {e.Message}; stream: {Convert.ToHexString(stream)}", e);
                }

                outcomes[expected.ErrorOffset is null ? 1 : 0]++;
            }
        }
    }

    private static async Task CheckAsync(byte[] stream, int maxRead, int target, OasisReference.Result expected)
    {
        Stream input = maxRead == int.MaxValue ? new MemoryStream(stream) : new TrickleStream(new MemoryStream(stream), maxRead);
        var output = new List<byte>();
        var cuts = new HashSet<int>();
        var frames = new List<(int Start, int End)>();
        try
        {
            await using var source = await OasisSource.OpenAsync([new OasisInput("fuzz", input)], new SourceId("fuzz"), new OasisSourceOptions { TargetFrameBytes = target, ReadBlockBytes = 64 });
            while (await source.ReadAsync() is { } frame)
            {
                frames.Add((output.Count, output.Count + frame.Length));
                output.AddRange(frame.Span.ToArray());
                cuts.Add(output.Count);
                frame.Release();
            }

            Assert.Equal(expected.ClosedAtEnd, source.ItemsClosedAtEnd);
        }
        catch (SourceFormatException e)
        {
            Assert.Equal("fuzz", e.SourceName);
            Assert.True(expected.ErrorOffset is not null, $"the reader rejected a stream the reference reads: {e.Message}");
            Assert.Equal(expected.ErrorOffset, e.Offset);
            return;
        }

        Assert.True(expected.ErrorOffset is null, $"the reader accepted a stream the reference rejects at offset {expected.ErrorOffset}");
        Assert.Equal(expected.Normalized, output.ToArray());
        var boundaries = new HashSet<int>();
        var at = 0;
        foreach (var (_, bytes) in expected.Events)
        {
            at += bytes.Length;
            boundaries.Add(at);
        }

        Assert.Subset(boundaries, cuts);
        foreach (var (start, end) in frames)
        {
            // A frame over the target holds a single event: no event boundary falls strictly inside it.
            Assert.True(end - start <= target || !boundaries.Any(b => b > start && b < end), $"frame [{start}, {end}) exceeds the {target}-byte target yet holds several events");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var b = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0:
                for (int n = random.Next(1, 4), k = 0; k < n; k++)
                {
                    b[random.Next(b.Length)] ^= (byte)(1 << random.Next(8));
                }

                return b;
            case 1:
                int[] interesting = [0, -1, -5, -6, 1, 2, 10, 11, int.MinValue, int.MaxValue, 0x7FC00000, unchecked((int)0xFFC00001), 0x7F800000, random.Next()];
                var at = random.Next(b.Length / 4) * 4;
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(at), interesting[random.Next(interesting.Length)]);
                return b;
            case 2:
                return b[..random.Next(b.Length + 1)];
            case 3:
                var insert = random.Next(b.Length);
                var extra = new byte[random.Next(1, 9)];
                random.NextBytes(extra);
                return [.. b.AsSpan(0, insert), .. extra, .. b.AsSpan(insert)];
            case 4:
                var from = random.Next(b.Length);
                var length = random.Next(1, Math.Min(64, b.Length - from) + 1);
                return [.. b, .. b.AsSpan(from, length)];
            default:
                var header = Math.Min(b.Length, 12);
                b[random.Next(header)] = (byte)random.Next(256);
                return b;
        }
    }
}
