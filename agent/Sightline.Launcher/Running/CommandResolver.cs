using Sightline.Launcher.Commands;

namespace Sightline.Launcher.Running;

/// <summary>Finds the file a command names, as a shell would: a path as given, a bare name on PATH.</summary>
internal static class CommandResolver
{
    public static string Resolve(string command, string? path, string workingDirectory)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command, workingDirectory);
            return File.Exists(full)
                ? full
                : throw new LauncherException($"command not found: {command} (no file at {full}).", ExitCodes.CommandNotFound);
        }

        foreach (var folder in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, command);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new LauncherException($"command not found: {command} (not on PATH).", ExitCodes.CommandNotFound);
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
