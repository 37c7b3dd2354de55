using System.Buffers.Binary;
using ActorFrames.Frames;
using ActorFrames.Handlers;

namespace ActorFrames.Tests.Handlers;

public sealed class SegmentsHandlerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("actorframes-segments-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task HandleAsync_TenSecondFloatChunk_WritesFloatFileOfTenSeconds()
    {
        var handler = new SegmentsHandler(Path.Combine(_folder.FullName, "out"));
        using var chunk = Chunk<float>.Copy(Signals.Sine(1000, 1.0, 16_000, 160_000), Signals.Info(16_000, sequence: 3, consumer: "segments", source: "test-signal"));

        var result = await handler.HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(Path.Combine(_folder.FullName, "out", "test-signal-segments-000003.wav"), result.Path);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Duration);
        Assert.Equal(Signals.Start, result.Timestamp);
        var header = WavHeader.Parse(await File.ReadAllBytesAsync(result.Path));
        Assert.Equal((3, 1, 16_000, 32), (header.FormatTag, header.Channels, header.SampleRate, header.BitsPerSample));
        Assert.Equal(160_000, header.Frames);
        Assert.Equal(TimeSpan.FromSeconds(10), header.Duration);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.FullName, "out"), "*.partial"));
    }

    [Fact]
    public async Task HandleAsync_StereoFloatSamples_StoresThemUnchanged()
    {
        var handler = new SegmentsHandler(_folder.FullName);
        using var chunk = Chunk<float>.Copy([0f, 0.5f, -1f, 1.5f, -0.25f, 1f], Signals.Info(8_000, channels: 2));

        var result = await handler.HandleAsync(chunk, CancellationToken.None);

        var file = await File.ReadAllBytesAsync(result.Path);
        var header = WavHeader.Parse(file);
        Assert.Equal((2, 3L, 8_000), (header.Channels, header.Frames, header.SampleRate));
        float[] expected = [0f, 0.5f, -1f, 1.5f, -0.25f, 1f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(header.DataOffset + (i * 4))));
        }
    }

    [Fact]
    public async Task HandleAsync_Int16Chunk_WritesPcm16()
    {
        var handler = new SegmentsHandler(_folder.FullName);
        using var chunk = Chunk<short>.Copy([16384, -32768, 0, 1], Signals.Info(16_000));

        var result = await handler.HandleAsync(chunk, CancellationToken.None);

        var file = await File.ReadAllBytesAsync(result.Path);
        var header = WavHeader.Parse(file);
        Assert.Equal((1, 16, 4L), (header.FormatTag, header.BitsPerSample, header.Frames));
        Assert.Equal(-32768, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(header.DataOffset + 2)));
    }

    [Fact]
    public async Task HandleAsync_PartialTail_WritesItsActualDuration()
    {
        var handler = new SegmentsHandler(_folder.FullName);
        using var chunk = Chunk<float>.Copy(new float[24_000], Signals.Info(16_000) with { IsPartial = true });

        var result = await handler.HandleAsync(chunk, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(1.5), result.Duration);
        Assert.Equal(TimeSpan.FromSeconds(1.5), WavHeader.Parse(await File.ReadAllBytesAsync(result.Path)).Duration);
    }

    [Fact]
    public void FileName_SourceWithPathAndSpaces_ReplacesUnsafeCharacters()
    {
        var name = SegmentsHandler.FileName(Signals.Info(16_000, sequence: 12, consumer: "seg ments", source: "/tmp/my file.wav"));

        Assert.Equal("_tmp_my_file.wav-seg_ments-000012.wav", name);
    }

    [Fact]
    public async Task HandleAsync_NoSampleRate_ThrowsNamingTheRule()
    {
        var handler = new SegmentsHandler(_folder.FullName);
        using var chunk = Chunk<float>.Copy(new float[4], Signals.Info(16_000) with { SampleRate = null });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await handler.HandleAsync(chunk, CancellationToken.None));

        Assert.Contains("whole-number sample rate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_Cancelled_LeavesNoFile()
    {
        var handler = new SegmentsHandler(_folder.FullName);
        using var chunk = Chunk<float>.Copy(new float[16_000], Signals.Info(16_000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await handler.HandleAsync(chunk, new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFiles(_folder.FullName));
    }
}
