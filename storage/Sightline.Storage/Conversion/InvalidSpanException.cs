namespace Sightline.Storage.Conversion;

/// <summary>A request carried a span that cannot be stored; the message says which and why. Nothing of the request is kept.</summary>
public sealed class InvalidSpanException(string message) : Exception(message);
