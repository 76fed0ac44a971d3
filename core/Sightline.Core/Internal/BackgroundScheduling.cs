using System.Runtime.InteropServices;

namespace Sightline.Core.Internal;

/// <summary>
/// Puts the agent's own busy threads (buffer consumers, exporter senders) in Linux's SCHED_BATCH class: they keep their
/// fair share of the CPU, so spans are still exported under full load, but waking up they no longer preempt the
/// application thread that is running. Serializing a batch of 512 spans takes the better part of a millisecond, and a
/// request on the same core would otherwise wait for it: the agent's cost would show in the app's tail latency.
/// </summary>
internal static class BackgroundScheduling
{
    private const int SchedBatch = 3;

    /// <summary>Moves the calling thread into SCHED_BATCH; a no-op elsewhere or where the call is refused.</summary>
    /// <returns>True when the thread now runs as a batch thread.</returns>
    public static bool YieldToApplication()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // struct sched_param { int sched_priority; }, which must be 0 for SCHED_BATCH.
        var parameters = Marshal.AllocHGlobal(sizeof(int));
        try
        {
            Marshal.WriteInt32(parameters, 0);

            // Pid 0 is the calling thread, not the whole process (Linux schedules threads).
            return SetScheduler(0, SchedBatch, parameters) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            Marshal.FreeHGlobal(parameters);
        }
    }

    // A blittable signature: DllImport needs no marshalling stub, and the project no unsafe code for LibraryImport.
    [DllImport("libc", EntryPoint = "sched_setscheduler")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetScheduler(int pid, int policy, nint parameters);
}
