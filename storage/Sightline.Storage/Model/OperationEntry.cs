namespace Sightline.Storage.Model;

/// <summary>An operation of a service; <see cref="SpanKind"/> is empty when the spans carried no kind.</summary>
public sealed record OperationEntry(string Name, string SpanKind);
