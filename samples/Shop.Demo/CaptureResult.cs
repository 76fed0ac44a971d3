namespace Shop.Demo;

/// <summary>
/// What the storage server holds after the traffic: the shop's traces per service (and, apart, traces of the agents'
/// own export requests), one paid order, one failed refund.
/// </summary>
public sealed record CaptureResult(
    IReadOnlyDictionary<string, int> TracesByService,
    int Traces,
    int ExportTraces,
    CapturedTrace? OrderTrace,
    CapturedTrace? RefundTrace,
    IReadOnlyList<string> Missing)
{
    /// <summary>True when everything the demo waited for arrived.</summary>
    public bool Complete => Missing.Count == 0;
}
