using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal;

/// <summary>Where the native backend can work: x64 Linux on .NET 10 (the layouts in research/patching.md).</summary>
internal static class PlatformSupport
{
    public static string? Check(bool isLinux, Architecture architecture, int runtimeMajor, string frameworkDescription)
    {
        if (!isLinux)
        {
            return "the native patch backend supports Linux only";
        }

        if (architecture != Architecture.X64)
        {
            return $"the native patch backend supports x64 only, not {architecture}";
        }

        if (runtimeMajor != 10 || !frameworkDescription.StartsWith(".NET 10", StringComparison.Ordinal))
        {
            return $"the native patch backend was written for .NET 10 (CoreCLR), not {frameworkDescription}";
        }

        return null;
    }

    public static string? CheckCurrent() => Check(
        OperatingSystem.IsLinux(), RuntimeInformation.ProcessArchitecture, Environment.Version.Major, RuntimeInformation.FrameworkDescription);
}
