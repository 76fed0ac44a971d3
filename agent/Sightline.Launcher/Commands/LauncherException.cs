namespace Sightline.Launcher.Commands;

/// <summary>A problem the user can fix, reported as one message and an exit code, never as a stack trace.</summary>
internal sealed class LauncherException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
