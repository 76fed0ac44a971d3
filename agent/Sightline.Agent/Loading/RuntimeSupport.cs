using System.Runtime.InteropServices;

namespace Sightline.Agent.Loading;

/// <summary>Where the agent can run: the patch engine writes x64 machine code and relies on .NET 10's JIT interface.</summary>
internal static class RuntimeSupport
{
    /// <summary>The oldest runtime the agent is built and tested for.</summary>
    public const int MinimumMajorVersion = 10;

    /// <summary>Returns null when the agent can run here, else why not, as part of a sentence.</summary>
    public static string? Check(Version runtime, Architecture architecture, bool isLinux)
    {
        if (runtime.Major < MinimumMajorVersion)
        {
            return $"it needs .NET {MinimumMajorVersion} or later and this runtime is {runtime}";
        }

        if (!isLinux)
        {
            return "it runs on Linux only for now";
        }

        if (architecture != Architecture.X64)
        {
            return $"it runs on x64 only for now and this process is {architecture}";
        }

        return null;
    }
}
