using System.Diagnostics;

namespace Sightline.Demo.Tests.Support;

/// <summary>Whether a process still runs.</summary>
internal static class ProcessProbe
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
