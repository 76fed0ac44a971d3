using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Patching.Tests;

/// <summary>Runs Sightline.Patching.TargetApp as a child process under one runtime setting; killed on timeout or failure.</summary>
internal static class TargetAppProcess
{
    private static readonly string[] RuntimeKnobs =
        ["DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_EnableWriteXorExecute", "DOTNET_TC_QuickJitForLoops", "DOTNET_ReadyToRun"];

    /// <summary>A count from a scenario's summary line: the named group of <paramref name="match"/>.</summary>
    public static long Number(Match match, string group) =>
        long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    /// <param name="setting">Empty, or one <c>NAME=value</c> environment variable for the runtime.</param>
    /// <param name="arguments">The scenario's command line.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(string setting, params string[] arguments)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "Sightline.Patching.TargetApp.dll");
        var start = new ProcessStartInfo("dotnet", [app, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var knob in RuntimeKnobs)
        {
            start.Environment.Remove(knob);
        }

        if (setting.Length > 0)
        {
            var parts = setting.Split('=');
            start.Environment[parts[0]] = parts[1];
        }

        using var process = Process.Start(start)!;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(120));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
