using Sightline.Spi.Tracing.Internal;

namespace Sightline.Spi.Tracing;

/// <summary>
/// Where plugins reach the tracer: the agent installs its implementation at start-up; until then (or without
/// the agent) <see cref="Current"/> is a no-op tracer whose spans cost nothing.
/// </summary>
public static class Tracer
{
    private static ITracer _current = NoopTracer.Instance;

    /// <summary>The installed tracer, or the no-op tracer.</summary>
    public static ITracer Current => Volatile.Read(ref _current);

    /// <summary>True when a real tracer is installed.</summary>
    public static bool IsInstalled => Current is not NoopTracer;

    /// <summary>The active span; see <see cref="ITracer.ActiveSpan"/>.</summary>
    public static TracingSpan ActiveSpan => Current.ActiveSpan;

    /// <summary>Installs the agent's tracer; called by the agent, not by plugins.</summary>
    /// <param name="tracer">The tracer.</param>
    public static void Install(ITracer tracer)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        Volatile.Write(ref _current, tracer);
    }

    /// <summary>Puts the no-op tracer back if <paramref name="tracer"/> is the installed one (agent shutdown).</summary>
    /// <param name="tracer">The tracer installed earlier.</param>
    public static void Uninstall(ITracer tracer) => Interlocked.CompareExchange(ref _current, NoopTracer.Instance, tracer);

    /// <summary>Opens an Entry span; see <see cref="ITracer.CreateEntrySpan{TCarrier}"/>.</summary>
    /// <typeparam name="TCarrier">The request or message type.</typeparam>
    /// <param name="operationName">The endpoint.</param>
    /// <param name="carrier">The incoming request or message.</param>
    /// <param name="getter">Reads one field from <paramref name="carrier"/>.</param>
    /// <param name="layer">The layer.</param>
    /// <returns>The span handle.</returns>
    public static TracingSpan CreateEntrySpan<TCarrier>(string operationName, TCarrier carrier, CarrierGetter<TCarrier> getter, SpanLayer layer)
        => Current.CreateEntrySpan(operationName, carrier, getter, layer);

    /// <summary>Opens a Local span; see <see cref="ITracer.CreateLocalSpan"/>.</summary>
    /// <param name="operationName">What the work is.</param>
    /// <returns>The span handle.</returns>
    public static TracingSpan CreateLocalSpan(string operationName) => Current.CreateLocalSpan(operationName);

    /// <summary>Opens an Exit span and injects the carrier; see <see cref="ITracer.CreateExitSpan{TCarrier}"/>.</summary>
    /// <typeparam name="TCarrier">The outgoing request or message type.</typeparam>
    /// <param name="operationName">The call.</param>
    /// <param name="peer">The remote address as <c>host:port</c>.</param>
    /// <param name="carrier">The outgoing request or message.</param>
    /// <param name="setter">Writes one field into <paramref name="carrier"/>.</param>
    /// <param name="layer">The layer.</param>
    /// <returns>The span handle.</returns>
    public static TracingSpan CreateExitSpan<TCarrier>(string operationName, string peer, TCarrier carrier, CarrierSetter<TCarrier> setter, SpanLayer layer)
        => Current.CreateExitSpan(operationName, peer, carrier, setter, layer);

    /// <summary>Opens an Exit span without propagation; see <see cref="ITracer.CreateExitSpan(string, string, SpanLayer)"/>.</summary>
    /// <param name="operationName">The call.</param>
    /// <param name="peer">The remote address as <c>host:port</c>.</param>
    /// <param name="layer">The layer.</param>
    /// <returns>The span handle.</returns>
    public static TracingSpan CreateExitSpan(string operationName, string peer, SpanLayer layer)
        => Current.CreateExitSpan(operationName, peer, layer);

    /// <summary>Captures the active span; see <see cref="ITracer.Capture"/>.</summary>
    /// <returns>The snapshot.</returns>
    public static ContextSnapshot Capture() => Current.Capture();

    /// <summary>Continues a snapshot on this thread; see <see cref="ITracer.Continue"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>A scope that restores the previous context when disposed.</returns>
    public static IDisposable Continue(in ContextSnapshot snapshot) => Current.Continue(snapshot);
}
