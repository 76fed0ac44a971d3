using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Sightline.Launcher.Commands;

namespace Sightline.Launcher.Running;

/// <summary>
/// Runs the app with the launcher's standard streams and the given extra variables, forwards Ctrl+C and termination
/// signals to it and waits for it, so the app (and the agent's flush at exit) decides when the process ends.
/// </summary>
internal static class ChildRunner
{
    public static async Task<int> RunAsync(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(executable, arguments) { UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LauncherException($"could not start {executable}.");
        }
        catch (Win32Exception ex)
        {
            throw new LauncherException($"could not start {executable}: {ex.Message}.", ExitCodes.CommandNotFound);
        }

        using (process)
        {
            // The launcher never dies first: each signal is passed on and the app's exit is awaited.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Forward(c, process, 2));
            using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => Forward(c, process, 3));
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Forward(c, process, 15));
            using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Forward(c, process, 1));
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
    }

    private static void Forward(PosixSignalContext context, Process process, int signal)
    {
        context.Cancel = true;
        try
        {
            if (!process.HasExited)
            {
                _ = NativeMethods.Kill(process.Id, signal);
            }
        }
        catch (InvalidOperationException)
        {
            // The app already exited; its exit code is returned.
        }
    }
}
