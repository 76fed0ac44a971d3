namespace Sightline.Spi.Tracing;

/// <summary>
/// The tracing API plugins call (SkyWalking's ContextManager). Reach it through <see cref="Tracer.Current"/>;
/// without the agent it is a no-op. Every method is safe to call from any thread and never throws for bad input
/// from the traced application (malformed headers, odd names).
/// </summary>
public interface ITracer
{
    /// <summary>The active span (<see cref="System.Diagnostics.Activity.Current"/>), or a no-op handle.</summary>
    TracingSpan ActiveSpan { get; }

    /// <summary>
    /// Opens an Entry span for an incoming request or message whose propagation fields are read from
    /// <paramref name="carrier"/>. An Entry inside an Entry shares the outer span
    /// (<see cref="SpanOwnership.NestedEntry"/>); inside the framework's own server Activity the tracer adopts it
    /// (<see cref="SpanOwnership.Adopted"/>).
    /// </summary>
    /// <typeparam name="TCarrier">The request or message type.</typeparam>
    /// <param name="operationName">The endpoint, for example <c>GET /orders/{id}</c>.</param>
    /// <param name="carrier">The incoming request or message.</param>
    /// <param name="getter">Reads one field from <paramref name="carrier"/>.</param>
    /// <param name="layer">The layer; <see cref="SpanLayer.Messaging"/> makes a Consumer span.</param>
    /// <returns>The span handle; stop it when the request ends.</returns>
    TracingSpan CreateEntrySpan<TCarrier>(string operationName, TCarrier carrier, CarrierGetter<TCarrier> getter, SpanLayer layer);

    /// <summary>Opens a Local span under the active span.</summary>
    /// <param name="operationName">What the work is, for example <c>OrderService.Price</c>.</param>
    /// <returns>The span handle.</returns>
    TracingSpan CreateLocalSpan(string operationName);

    /// <summary>
    /// Opens an Exit span for an outgoing call to <paramref name="peer"/> and writes the propagation fields into
    /// <paramref name="carrier"/>. An Exit inside an Exit for the same call shares the outer span
    /// (<see cref="SpanOwnership.NestedExit"/>); inside the framework's own client Activity the tracer adopts it.
    /// </summary>
    /// <typeparam name="TCarrier">The outgoing request or message type.</typeparam>
    /// <param name="operationName">The call, for example <c>GET /inventory</c> or <c>SELECT orders</c>.</param>
    /// <param name="peer">The remote address as <c>host:port</c>.</param>
    /// <param name="carrier">The outgoing request or message.</param>
    /// <param name="setter">Writes one field into <paramref name="carrier"/>.</param>
    /// <param name="layer">The layer; <see cref="SpanLayer.Messaging"/> makes a Producer span.</param>
    /// <returns>The span handle.</returns>
    TracingSpan CreateExitSpan<TCarrier>(string operationName, string peer, TCarrier carrier, CarrierSetter<TCarrier> setter, SpanLayer layer);

    /// <summary>Opens an Exit span for a call that carries no propagation fields (most database drivers).</summary>
    /// <param name="operationName">The call.</param>
    /// <param name="peer">The remote address as <c>host:port</c>.</param>
    /// <param name="layer">The layer.</param>
    /// <returns>The span handle.</returns>
    TracingSpan CreateExitSpan(string operationName, string peer, SpanLayer layer);

    /// <summary>Writes the active context into <paramref name="carrier"/> (for a plugin that opens no span itself).</summary>
    /// <typeparam name="TCarrier">The outgoing request or message type.</typeparam>
    /// <param name="carrier">The outgoing request or message.</param>
    /// <param name="setter">Writes one field into <paramref name="carrier"/>.</param>
    void Inject<TCarrier>(TCarrier carrier, CarrierSetter<TCarrier> setter);

    /// <summary>Captures the active span for <see cref="Continue"/> on another thread.</summary>
    /// <returns>The snapshot (empty when no span is active).</returns>
    ContextSnapshot Capture();

    /// <summary>
    /// Makes the snapshot's span the parent of spans opened on this thread until the returned scope is disposed,
    /// even if that span has stopped meanwhile. An empty snapshot continues nothing.
    /// </summary>
    /// <param name="snapshot">A snapshot from <see cref="Capture"/>.</param>
    /// <returns>A scope that restores the previous context when disposed.</returns>
    IDisposable Continue(in ContextSnapshot snapshot);
}
