namespace Sightline.LoadTest.Measuring;

/// <summary>One measured round of one configuration: wrk's numbers and the storefront's CPU over the same window.</summary>
public sealed record RoundResult(string Key, int Round, WrkResult Wrk, CpuSample Cpu, double WindowSeconds)
{
    /// <summary>Storefront CPU seconds per answered request.</summary>
    public double CpuPerRequest => Wrk.Requests == 0 ? double.NaN : Cpu.ProcessTicks * ProcessCpu.SecondsPerTick / Wrk.Requests;

    /// <summary>The instrumentation's own threads' CPU seconds per answered request.</summary>
    public double BackgroundCpuPerRequest => Wrk.Requests == 0 ? double.NaN : Cpu.ThreadTicks * ProcessCpu.SecondsPerTick / Wrk.Requests;

    /// <summary>The share of its core the storefront used (1 = saturated).</summary>
    public double CoreUse => Cpu.ProcessTicks * ProcessCpu.SecondsPerTick / WindowSeconds;
}
