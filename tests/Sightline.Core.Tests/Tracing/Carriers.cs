using Sightline.Spi.Tracing;

namespace Sightline.Core.Tests.Tracing;

/// <summary>Header dictionaries as carriers, with the getter and setter a plugin would pass.</summary>
internal static class Carriers
{
    public static readonly CarrierGetter<Dictionary<string, string>> Get =
        static (carrier, key) => carrier.TryGetValue(key, out var value) ? value : null;

    public static readonly CarrierSetter<Dictionary<string, string>> Set =
        static (carrier, key, value) => carrier[key] = value;

    public static Dictionary<string, string> Empty() => new(StringComparer.OrdinalIgnoreCase);

    public static Dictionary<string, string> With(params (string Key, string Value)[] fields)
    {
        var carrier = Empty();
        foreach (var (key, value) in fields)
        {
            carrier[key] = value;
        }

        return carrier;
    }
}
