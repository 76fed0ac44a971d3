using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>The configured formats in order: extract tries each (the first valid parent wins), inject writes all.</summary>
public sealed class CompositePropagator
{
    private readonly IContextPropagator[] _propagators;

    /// <summary>Creates the composite for the configured format names.</summary>
    /// <exception cref="ArgumentException">A name is not <c>tracecontext</c>, <c>baggage</c> or <c>sw8</c>.</exception>
    public CompositePropagator(IEnumerable<string> names, string service, string instance)
    {
        var list = new List<IContextPropagator>();
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            list.Add(name switch
            {
                "tracecontext" or "w3c" => new TraceContextPropagator(),
                "baggage" => new BaggagePropagator(),
                "sw8" or "skywalking" => new Sw8Propagator(service, instance),
                _ => throw new ArgumentException(
                    $"Unknown propagator '{raw}'. Use a comma list of: tracecontext, baggage, sw8.", nameof(names)),
            });
        }

        _propagators = [.. list];
    }

    /// <summary>Reads every configured format; never throws for what the carrier holds.</summary>
    public ExtractedContext Extract<TCarrier>(TCarrier carrier, CarrierGetter<TCarrier> getter)
    {
        var context = new ExtractedContext();
        foreach (var propagator in _propagators)
        {
            try
            {
                propagator.Extract(carrier, getter, context);
            }
            catch (Exception)
            {
                // A plugin's getter (or a parser bug) must not fail the traced request: the carrier counts as malformed.
                context.MalformedTraceContext = true;
            }
        }

        return context;
    }

    /// <summary>Writes every configured format.</summary>
    public void Inject<TCarrier>(in InjectionContext source, TCarrier carrier, CarrierSetter<TCarrier> setter)
    {
        foreach (var propagator in _propagators)
        {
            propagator.Inject(source, carrier, setter);
        }
    }
}
