namespace Sightline.Storage.Model;

/// <summary>A span read back from a store, still in the encoding it was written in.</summary>
public sealed record StoredSpan(TraceId TraceId, SpanFormat Format, byte[] Payload);
