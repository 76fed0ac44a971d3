namespace Sightline.Spi.Tracing;

/// <summary>
/// Writes one propagation field (an HTTP header, a message property) into an outgoing carrier, replacing any
/// value already there. Pass a static lambda so no closure is allocated per call.
/// </summary>
/// <typeparam name="TCarrier">The request or message type that carries the fields.</typeparam>
/// <param name="carrier">The outgoing request or message.</param>
/// <param name="key">The field name, lower case (for example <c>traceparent</c>).</param>
/// <param name="value">The field value.</param>
public delegate void CarrierSetter<in TCarrier>(TCarrier carrier, string key, string value);
