namespace Sightline.Plugins.Toolkit;

/// <summary>One <c>Namespace.Type[Method1,Method2]</c> entry of <c>SIGHTLINE_TRACE_METHODS</c>.</summary>
public sealed record TraceMethodsEntry(string TypeName, IReadOnlyList<string> Methods)
{
    /// <summary>True for <c>[*]</c>.</summary>
    public bool AllMethods => Methods is ["*"];

    /// <summary>The well-formed entries of <paramref name="setting"/>; malformed ones are left out.</summary>
    public static IReadOnlyList<TraceMethodsEntry> Parse(string? setting)
    {
        var entries = new List<TraceMethodsEntry>();
        foreach (var part in (setting ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var open = part.IndexOf('[', StringComparison.Ordinal);
            if (open <= 0 || !part.EndsWith(']'))
            {
                continue;
            }

            var methods = part[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (methods.Length > 0)
            {
                entries.Add(new TraceMethodsEntry(part[..open].Trim(), methods));
            }
        }

        return entries;
    }
}
