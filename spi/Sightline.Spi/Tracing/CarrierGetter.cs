namespace Sightline.Spi.Tracing;

/// <summary>
/// Reads one propagation field (an HTTP header, a message property) from an incoming carrier.
/// Returns null when the field is absent; a field present several times is returned joined with commas.
/// Pass a static lambda so no closure is allocated per call.
/// </summary>
/// <typeparam name="TCarrier">The request or message type that carries the fields.</typeparam>
/// <param name="carrier">The incoming request or message.</param>
/// <param name="key">The field name, lower case (for example <c>traceparent</c>).</param>
public delegate string? CarrierGetter<in TCarrier>(TCarrier carrier, string key);
