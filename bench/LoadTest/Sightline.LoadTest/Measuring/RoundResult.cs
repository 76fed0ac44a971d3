namespace Sightline.LoadTest.Measuring;

/// <summary>
/// One measured round of one configuration: wrk's numbers, the storefront's CPU and its garbage collector over the same
/// window.
/// </summary>
public sealed record RoundResult(string Key, int Round, WrkResult Wrk, CpuSample Cpu, double WindowSeconds)
{
    /// <summary>The GC probe's counters over the round, or null when the probe wrote none.</summary>
    public GcSample? Gc { get; init; }

    /// <summary>The share of the round the runtime kept the storefront paused for collections, in percent.</summary>
    public double GcPausePercent => Gc is { } gc && WindowSeconds > 0 ? gc.PauseMs / (WindowSeconds * 1000) * 100 : double.NaN;

    /// <summary>Bytes allocated per answered request.</summary>
    public double AllocatedPerRequest => Gc is { } gc && Wrk.Requests > 0 ? (double)gc.AllocatedBytes / Wrk.Requests : double.NaN;

    /// <summary>Collections of generation <paramref name="generation"/> (0 counts all of them) per 10,000 answered requests.</summary>
    public double CollectionsPer10kRequests(int generation) => Gc is { } gc && Wrk.Requests > 0
        ? (generation switch { 0 => gc.Gen0, 1 => gc.Gen1, _ => gc.Gen2 }) * 10_000.0 / Wrk.Requests
        : double.NaN;

    /// <summary>Storefront CPU seconds per answered request.</summary>
    public double CpuPerRequest => Wrk.Requests == 0 ? double.NaN : Cpu.ProcessTicks * ProcessCpu.SecondsPerTick / Wrk.Requests;

    /// <summary>The instrumentation's own threads' CPU seconds per answered request.</summary>
    public double BackgroundCpuPerRequest => Wrk.Requests == 0 ? double.NaN : Cpu.ThreadTicks * ProcessCpu.SecondsPerTick / Wrk.Requests;

    /// <summary>The share of its core the storefront used (1 = saturated).</summary>
    public double CoreUse => Cpu.ProcessTicks * ProcessCpu.SecondsPerTick / WindowSeconds;
}
