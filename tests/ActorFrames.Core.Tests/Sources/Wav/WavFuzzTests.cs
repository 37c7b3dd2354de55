using System.Buffers.Binary;
using ActorFrames.Frames;
using ActorFrames.Sources;
using ActorFrames.Sources.Wav;

namespace ActorFrames.Tests.Sources.Wav;

public sealed class WavFuzzTests
{
    private const int Iterations = 10_000;

    [Fact]
    public async Task OpenAndRead_10000CorruptedHeaders_EachEndInAFormatErrorOrAConsistentRead()
    {
        const int seed = 20240611;
        var random = new Random(seed);
        var seeds = await BuildSeedsAsync();
        var outcomes = new int[2];

        await RunAllAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(outcomes[0] > Iterations / 10, $"only {outcomes[0]} corrupted files were rejected: the mutations are too gentle to test anything");
        Assert.True(outcomes[1] > Iterations / 20, $"only {outcomes[1]} corrupted files read cleanly: the mutations never leave a valid file");

        async Task RunAllAsync()
        {
            for (var i = 0; i < Iterations; i++)
            {
                var original = seeds[random.Next(seeds.Length)];
                var file = Mutate(original, random);
                var maxRead = random.Next(2) == 0 ? int.MaxValue : random.Next(1, 64);
                try
                {
                    outcomes[await ReadAndCheckAsync(file, maxRead) ? 1 : 0]++;
                }
                catch (Exception e) when (e is not SourceFormatException)
                {
                    throw new InvalidOperationException($"iteration {i} (seed {seed}, maxRead {maxRead}) threw {e.GetType().Name} instead of SourceFormatException; file: {Convert.ToHexString(file)}", e);
                }
            }
        }
    }

    /// <summary>Reads the file; returns true on a read that matches the data chunk, false on a format error.</summary>
    private static async Task<bool> ReadAndCheckAsync(byte[] file, int maxRead)
    {
        WavLayout layout;
        try
        {
            layout = await WavHeaderParser.ParseAsync(Open(file, maxRead), "fuzz", CancellationToken.None);
        }
        catch (SourceFormatException e)
        {
            Assert.Equal("fuzz", e.SourceName);
            Assert.InRange(e.Offset, 0, file.Length);
            return false;
        }

        try
        {
            await using var source = await WavFrameSource<double>.OpenAsync(Open(file, maxRead), new SourceId("fuzz"), new WavSourceOptions { FramesPerRead = 16 });
            var (samples, _) = await FrameCollector.DrainAsync(source);
            var available = file.Length - layout.DataOffset;
            var length = layout.DataLength ?? available;
            Assert.True(length <= available, $"read {length} data bytes from a file with {available} after the header");
            Assert.Equal(0, length % layout.Format.BlockAlign);
            var expected = new double[length / layout.Format.BytesPerSample];
            WavSampleConversion.Convert<double>(file.AsSpan((int)layout.DataOffset, (int)length), layout.Format.SampleFormat, expected);
            Assert.Equal(expected, samples);
            return true;
        }
        catch (SourceFormatException e)
        {
            Assert.Equal("fuzz", e.SourceName);
            Assert.InRange(e.Offset, 0, file.Length);
            return false;
        }
    }

    private static Stream Open(byte[] file, int maxRead)
        => maxRead == int.MaxValue ? new MemoryStream(file) : new TrickleStream(new MemoryStream(file), maxRead);

    private static byte[] Mutate(byte[] original, Random random)
    {
        var file = (byte[])original.Clone();
        var headerEnd = Math.Min(file.Length, 96);
        switch (random.Next(5))
        {
            case 0:
                for (int n = random.Next(1, 4), k = 0; k < n; k++)
                {
                    file[random.Next(headerEnd)] ^= (byte)(1 << random.Next(8));
                }

                return file;
            case 1:
                file[random.Next(headerEnd)] = (byte)random.Next(256);
                return file;
            case 2:
                uint[] interesting = [0, 1, 2, 3, 15, 16, 17, 39, 40, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, (uint)random.Next()];
                var at = random.Next(headerEnd - 3) & ~1;
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), interesting[random.Next(interesting.Length)]);
                return file;
            case 3:
                return file[..random.Next(file.Length)];
            default:
                var insert = random.Next(headerEnd);
                var extra = new byte[random.Next(1, 9)];
                random.NextBytes(extra);
                return [.. file.AsSpan(0, insert), .. extra, .. file.AsSpan(insert)];
        }
    }

    private static async Task<byte[][]> BuildSeedsAsync()
    {
        var seeds = new List<byte[]>();
        (WavSampleFormat Format, int Channels)[] shapes = [(WavSampleFormat.S16, 2), (WavSampleFormat.S24, 6), (WavSampleFormat.U8, 1), (WavSampleFormat.F32, 1), (WavSampleFormat.F64, 2), (WavSampleFormat.S32, 3)];
        foreach (var (sampleFormat, channels) in shapes)
        {
            var format = WavFormat.Create(sampleFormat, channels, 8000);
            var samples = WavFrameSourceTests.RandomSamples(format, 9, seed: channels);
            seeds.Add(await WavFrameSourceTests.WriteAsync(format, samples, seekable: true));
            seeds.Add(await WavFrameSourceTests.WriteAsync(format, samples, seekable: false));
        }

        var rf64 = new MemoryStream();
        await using (var writer = await WavWriter.CreateAsync(rf64, WavFormat.Create(WavSampleFormat.S16, 2, 8000), leaveOpen: true))
        {
            writer.Rf64Threshold = 10;
            await writer.WriteAsync<short>(new short[20]);
        }

        seeds.Add(rf64.ToArray());
        return [.. seeds];
    }
}
