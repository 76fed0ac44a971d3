using System.Runtime.InteropServices;

namespace Sightline.Launcher.Running;

/// <summary>The one libc call the launcher needs: Process.Kill only sends SIGKILL, which would skip the app's exit handlers.</summary>
internal static partial class NativeMethods
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static partial int Kill(int pid, int signal);
}
