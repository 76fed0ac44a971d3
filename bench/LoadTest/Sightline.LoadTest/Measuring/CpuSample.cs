namespace Sightline.LoadTest.Measuring;

/// <summary>Clock ticks of CPU used so far by a whole process and by the threads of interest within it.</summary>
public readonly record struct CpuSample(long ProcessTicks, long ThreadTicks)
{
    public static CpuSample operator -(CpuSample end, CpuSample start) =>
        new(end.ProcessTicks - start.ProcessTicks, end.ThreadTicks - start.ThreadTicks);
}
