namespace Sightline.Storage.Model;

/// <summary>A trace id returned by a search, with the start of its newest matching span.</summary>
public sealed record FoundTrace(TraceId TraceId, long LatestStartNanos);
