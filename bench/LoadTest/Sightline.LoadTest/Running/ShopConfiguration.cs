using Sightline.LoadTest.Measuring;

namespace Sightline.LoadTest.Running;

/// <summary>
/// One way of running the storefront: A bare, B with the Sightline agent, C with the OpenTelemetry SDK.
/// <see cref="BackgroundThreads"/> name (as Linux keeps them, 15 characters) the instrumentation's own threads,
/// whose CPU is reported apart.
/// </summary>
public sealed record ShopConfiguration(string Key, string Title, string Dll, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> BackgroundThreads)
{
    /// <summary>The agent log folder, for B.</summary>
    public string? AgentLogDirectory { get; init; }

    /// <summary>Where the storefront's GC probe keeps its counters (the file its environment names).</summary>
    public string GcFile => Environment[GcProbe.FileVariable];

    public override string ToString() => $"{Key} {Title}";
}
