namespace ActorFrames.Sources.Oasis;

/// <summary>
/// The special sample ids (sidx) of OASIS loss streams. Normal samples are numbered 1 to len_sample; 0 only appears
/// in the (0, 0) pair that ends a record.
/// </summary>
public static class OasisSampleIds
{
    /// <summary>The end of a record's (sidx, loss) pairs.</summary>
    public const int EndOfRecord = 0;

    /// <summary>The mean (analytical) loss.</summary>
    public const int Mean = -1;

    /// <summary>The standard deviation of the loss.</summary>
    public const int StandardDeviation = -2;

    /// <summary>The total insured value (exposure).</summary>
    public const int TotalInsuredValue = -3;

    /// <summary>The chance of loss (also used as the number of affected risks).</summary>
    public const int ChanceOfLoss = -4;

    /// <summary>The maximum loss.</summary>
    public const int MaxLoss = -5;

    /// <summary>The lowest valid sample id.</summary>
    public const int Lowest = MaxLoss;
}
