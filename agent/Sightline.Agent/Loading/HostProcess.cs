using System.Runtime.InteropServices;

namespace Sightline.Agent.Loading;

/// <summary>Recognises the .NET SDK's own processes, which inherit <c>DOTNET_STARTUP_HOOKS</c> under <c>dotnet run</c>.</summary>
internal static class HostProcess
{
    /// <summary>True when <paramref name="entryAssemblyPath"/> lies in the SDK folder of a .NET installation.</summary>
    public static bool IsDotnetTooling(string? entryAssemblyPath) =>
        !string.IsNullOrEmpty(entryAssemblyPath) && IsUnderSdk(entryAssemblyPath, DotnetRoot());

    /// <summary>True when <paramref name="path"/> is inside <c>&lt;dotnetRoot&gt;/sdk</c>.</summary>
    public static bool IsUnderSdk(string path, string? dotnetRoot)
    {
        if (string.IsNullOrEmpty(dotnetRoot))
        {
            return false;
        }

        var sdk = Path.Combine(Path.GetFullPath(dotnetRoot), "sdk") + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(sdk, StringComparison.Ordinal);
    }

    // The runtime folder is <root>/shared/Microsoft.NETCore.App/<version>/.
    private static string? DotnetRoot()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        return Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
    }
}
