using ActorFrames.Mux.Batching;
using FsCheck;
using FsCheck.Fluent;

namespace ActorFrames.Tests.Mux.Batching;

public sealed class RebatcherProperties
{
    private static readonly Gen<(int[] Sizes, int BatchSize, bool KeepPartial)> s_cases =
        from sizes in Gen.ArrayOf(Gen.Choose(0, 20))
        from batchSize in Gen.Choose(1, 12)
        from keepPartial in Gen.Elements(true, false)
        select (sizes, batchSize, keepPartial);

    [Fact]
    public void Rebatch_Concatenate_OutputRowsAreTheInputRows()
    {
        PropertyRunner.Check(nameof(Rebatch_Concatenate_OutputRowsAreTheInputRows), Prop.ForAll(Arb.From(s_cases), testCase =>
        {
            Batch[] input = BatchSamples.Sequence(testCase.Sizes);
            int total = testCase.Sizes.Sum();
            var options = new RebatchOptions { BatchSize = testCase.BatchSize, KeepPartial = testCase.KeepPartial };

            List<Batch> output = [.. BatchSamples.Stream(input).Rebatch(options).Iterate()];

            // Kept tail: every input row, in order. Dropped tail: the longest prefix that fills whole batches.
            int expectedRows = testCase.KeepPartial ? total : total - (total % testCase.BatchSize);
            bool sameRows = BatchSamples.Ids(output).SequenceEqual(Enumerable.Range(0, expectedRows));
            bool fullBatches = output.Take(Math.Max(output.Count - 1, 0)).All(batch => batch.RowCount == testCase.BatchSize);
            bool lastFits = output.Count == 0 || (output[^1].RowCount >= 1 && output[^1].RowCount <= testCase.BatchSize);
            return sameRows && fullBatches && lastFits;
        }));
    }

    [Fact]
    public void Rebatch_Stack_OutputRowsAreTheInputItems()
    {
        PropertyRunner.Check(nameof(Rebatch_Stack_OutputRowsAreTheInputItems), Prop.ForAll(Arb.From(s_cases), testCase =>
        {
            Batch[] input = BatchSamples.Sequence(Enumerable.Repeat(3, testCase.Sizes.Length));
            var options = new RebatchOptions { BatchSize = testCase.BatchSize, KeepPartial = testCase.KeepPartial, Mode = RebatchMode.Stack };

            List<Batch> output = [.. BatchSamples.Stream(input).Rebatch(options).Iterate()];

            int items = testCase.KeepPartial ? input.Length : input.Length - (input.Length % testCase.BatchSize);
            var expected = Enumerable.Range(0, items * 3).ToList();
            var actual = output.SelectMany(batch => batch.GetColumn<int>("id").Span.ToArray()).ToList();
            return actual.SequenceEqual(expected) && output.All(batch => batch.GetColumn<float>("x").RowShape.SequenceEqual([3, 2, 3]));
        }));
    }

    [Fact]
    public void Rebatch_ReusedOutput_CarriesTheSameRowsAsFreshOutput()
    {
        PropertyRunner.Check(nameof(Rebatch_ReusedOutput_CarriesTheSameRowsAsFreshOutput), Prop.ForAll(Arb.From(s_cases), testCase =>
        {
            Batch[] input = BatchSamples.Sequence(testCase.Sizes);
            var fresh = new RebatchOptions { BatchSize = testCase.BatchSize, KeepPartial = testCase.KeepPartial };
            var reused = new RebatchOptions { BatchSize = testCase.BatchSize, KeepPartial = testCase.KeepPartial, ReuseOutput = true };

            var reusedIds = new List<int>();
            foreach (Batch batch in BatchSamples.Stream(input).Rebatch(reused).Iterate())
            {
                reusedIds.AddRange(BatchSamples.Ids([batch]));
            }

            return reusedIds.SequenceEqual(BatchSamples.Ids(BatchSamples.Stream(input).Rebatch(fresh).Iterate()));
        }));
    }
}
