namespace ActorFrames.Sources.Oasis;

/// <summary>The OASIS stream source type: byte 3 of the stream header, naming the tool that wrote the stream.</summary>
public enum OasisStreamType
{
    /// <summary>Ground-up losses from gulcalc/gulpy (deprecated alias of <see cref="Loss"/>; item records).</summary>
    GroundUpLoss = 1,

    /// <summary>Losses from fmcalc/fmpy/gulmc (item records: event_id, item_id or output_id, then (sidx, loss) pairs).</summary>
    Loss = 2,

    /// <summary>Summarised losses from summarycalc/summarypy (summary records with an exposure value; the header adds summary_set_id).</summary>
    Summary = 3,
}
