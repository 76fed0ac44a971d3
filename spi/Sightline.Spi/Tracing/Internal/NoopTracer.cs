namespace Sightline.Spi.Tracing.Internal;

/// <summary>The tracer without the agent: every span is a no-op handle, nothing is written to carriers.</summary>
internal sealed class NoopTracer : ITracer
{
    public static readonly NoopTracer Instance = new();

    private NoopTracer()
    {
    }

    public TracingSpan ActiveSpan => default;

    public TracingSpan CreateEntrySpan<TCarrier>(string operationName, TCarrier carrier, CarrierGetter<TCarrier> getter, SpanLayer layer) => default;

    public TracingSpan CreateLocalSpan(string operationName) => default;

    public TracingSpan CreateExitSpan<TCarrier>(string operationName, string peer, TCarrier carrier, CarrierSetter<TCarrier> setter, SpanLayer layer) => default;

    public TracingSpan CreateExitSpan(string operationName, string peer, SpanLayer layer) => default;

    public void Inject<TCarrier>(TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
    }

    public ContextSnapshot Capture() => default;

    public IDisposable Continue(in ContextSnapshot snapshot) => NoopScope.Instance;
}
