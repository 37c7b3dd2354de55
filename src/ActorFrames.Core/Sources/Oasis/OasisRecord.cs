namespace ActorFrames.Sources.Oasis;

/// <summary>The header of one record in an OASIS loss stream.</summary>
/// <param name="EventId">The event the record belongs to.</param>
/// <param name="Id">The item_id / output_id (item records) or summary_id (summary records).</param>
/// <param name="ExposureValue">The summary record's exposure value; 0 for item records.</param>
public readonly record struct OasisRecord(int EventId, int Id, float ExposureValue = 0);
