namespace ActorFrames.Tests.Sources.Oasis;

/// <summary>The real OasisLMF files copied next to the tests (see Fixtures/README.md).</summary>
internal static class OasisFixtures
{
    public const string Guls = "test_converters_misc_raw_guls";
    public const string Ils = "test_converters_misc_raw_ils";
    public const string SummaryGul = "test_summarypy_gul";
    public const string SummaryIl = "test_summarypy_il";
    public const string SummaryRi = "test_summarypy_ri";
    public const string Summary = "test_summarypy_single_summary_set_gul_S1_summary";

    public static readonly string[] AllBinaries = [Guls, Ils, SummaryGul, SummaryIl, SummaryRi, Summary];

    public static string PathOf(string name, string extension)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Sources", "Oasis", "Fixtures", name + extension);
        Assert.True(File.Exists(path), $"fixture {path} is missing: the test project copies Sources/Oasis/Fixtures to its output");
        return path;
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name, ".bin"));
}
