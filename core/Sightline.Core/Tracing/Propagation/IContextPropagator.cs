using Sightline.Spi.Tracing;

namespace Sightline.Core.Tracing.Propagation;

/// <summary>One propagation format: reads its fields from incoming carriers and writes them into outgoing ones.</summary>
public interface IContextPropagator
{
    /// <summary>The field names this format reads and writes.</summary>
    IReadOnlyList<string> Fields { get; }

    /// <summary>
    /// Reads this format's fields into <paramref name="context"/>. Sets the parent only when none is set yet (the
    /// first format in the list wins). Never throws for bad field values: it reports <see cref="ExtractStatus.Malformed"/>.
    /// </summary>
    ExtractStatus Extract<TCarrier>(TCarrier carrier, CarrierGetter<TCarrier> getter, ExtractedContext context);

    /// <summary>Writes this format's fields for <paramref name="source"/>.</summary>
    void Inject<TCarrier>(in InjectionContext source, TCarrier carrier, CarrierSetter<TCarrier> setter);
}
