namespace Shop.Demo;

/// <summary>What the storage server holds after the traffic: traces per service, one paid order, one failed refund.</summary>
public sealed record CaptureResult(
    IReadOnlyDictionary<string, int> TracesByService,
    int Traces,
    CapturedTrace? OrderTrace,
    CapturedTrace? RefundTrace,
    IReadOnlyList<string> Missing)
{
    /// <summary>True when everything the demo waited for arrived.</summary>
    public bool Complete => Missing.Count == 0;
}
