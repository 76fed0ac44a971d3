namespace Sightline.Launcher.Tests.Support;

/// <summary>Runs the built <c>sightline</c> command as a child process.</summary>
internal static class SightlineCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static ChildProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? launcher = null) =>
        ChildProcess.Start(launcher ?? AppPaths.Launcher, arguments, environment ?? new Dictionary<string, string?>());

    /// <summary>Runs the launcher to its end and returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? launcher = null)
    {
        using var child = Start(arguments, environment, launcher);
        var code = await child.WaitForExitAsync(Timeout);
        return (code, child.Output, child.Errors);
    }
}
