using Sightline.Scenarios.Running;
namespace Sightline.Agent.Tests.Support;

/// <summary>How a user starts the app: the three ways the agent must support.</summary>
public enum LaunchMode
{
    DotnetDll,
    AppHost,
    DotnetRun,
}

/// <summary>Starts the ASP.NET Core target app on a free loopback port and waits until it listens.</summary>
internal static class TargetApp
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<(AppProcess Process, HttpClient Client)> StartAsync(AgentSandbox sandbox, LaunchMode mode = LaunchMode.DotnetDll)
    {
        var dll = AppPaths.TargetApp;
        string[] urls = ["--urls", "http://127.0.0.1:0"];
        var child = mode switch
        {
            LaunchMode.DotnetDll => AppProcess.Start("dotnet", [dll, .. urls], sandbox.Environment),
            LaunchMode.AppHost => AppProcess.Start(Path.ChangeExtension(dll, null), urls, sandbox.Environment),
            _ => AppProcess.Start("dotnet", ["run", "--no-build", "--no-launch-profile", "--project", ProjectFile(), "--", .. urls], sandbox.Environment),
        };

        try
        {
            var line = await child.WaitForLineAsync("listening on ", StartTimeout, TestContext.Current.CancellationToken);
            var client = new HttpClient { BaseAddress = new Uri(line["listening on ".Length..].Trim()), Timeout = TimeSpan.FromSeconds(30) };
            return (child, client);
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    // bin/<Configuration>/net10.0/AgentTargetApp.dll → the project file three folders up.
    private static string ProjectFile()
    {
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppPaths.TargetApp)!, "..", "..", "..", "AgentTargetApp.csproj"));
        return File.Exists(project) ? project : throw new FileNotFoundException("the target app's project file is not where the build put its output", project);
    }
}
