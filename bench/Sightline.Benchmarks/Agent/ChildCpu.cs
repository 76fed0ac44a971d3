using System.Runtime.InteropServices;

namespace Sightline.Benchmarks.Agent;

/// <summary>
/// The CPU time (user and system, every thread) of this process's children that have ended and been reaped, from
/// <c>getrusage(RUSAGE_CHILDREN)</c>: read before a child starts and after it was reaped, the difference is that
/// child's CPU, to the microsecond. Linux only; null elsewhere.
/// </summary>
internal static partial class ChildCpu
{
    private const int RusageChildren = -1;

    /// <summary>The children's CPU so far, or null when it cannot be read.</summary>
    public static TimeSpan? Total()
    {
        if (!OperatingSystem.IsLinux() || GetRusage(RusageChildren, out var usage) != 0)
        {
            return null;
        }

        return TimeSpan.FromMicroseconds((usage.UserSeconds + usage.SystemSeconds) * 1_000_000.0 + usage.UserMicroseconds + usage.SystemMicroseconds);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    // struct rusage on 64-bit Linux: two timevals, then fourteen longs this does not read.
    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        private unsafe fixed long _rest[14];
    }
}
