using Sightline.Launcher.Tests.Support;

namespace Sightline.Launcher.Tests.Inspection;

/// <summary>
/// <c>sightline run</c> refuses, with one explanation, the apps start-up hooks never reach. A real Native AOT build takes
/// about a minute here, too slow for every run: the executables are synthesized with the markers a real build has
/// (checked against real AOT, trimmed and single-file publishes, see docs/launcher.md).
/// </summary>
public sealed class AttachRefusalTests
{
    [Fact]
    public async Task Run_refuses_a_Native_AOT_executable_and_explains_why()
    {
        using var temp = new TempFolder();
        var app = SyntheticElf.Write(Path.Combine(temp.Path, "shop"), [".text", "__managedcode", "__modules"]);

        var (code, _, errors) = await SightlineCommand.RunAsync(["run", "--", app]);

        Assert.Equal(3, code);
        Assert.Contains($"{app} is a Native AOT app (it has the Native AOT section __managedcode)", errors, StringComparison.Ordinal);
        Assert.Contains("start-up hooks (DOTNET_STARTUP_HOOKS) never run", errors, StringComparison.Ordinal);
        Assert.Contains("publish it without Native AOT", errors, StringComparison.Ordinal);
        Assert.Contains("--force", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_an_app_whose_runtimeconfig_switches_startup_hooks_off_unless_forced()
    {
        using var temp = new TempFolder();
        var app = Path.Combine(temp.Path, "shop.dll");
        File.WriteAllText(app, "not really an assembly");
        File.WriteAllText(Path.Combine(temp.Path, "shop.runtimeconfig.json"), """
            { "runtimeOptions": { "tfm": "net10.0", "configProperties": { "System.StartupHookProvider.IsSupported": false } } }
            """);

        var refused = await SightlineCommand.RunAsync(["run", "--", "dotnet", app]);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains($"{app} has start-up hooks switched off", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("<StartupHookSupport>true</StartupHookSupport>", refused.Errors, StringComparison.Ordinal);

        // --force starts it all the same: here the dotnet host itself fails on the fake assembly, and that exit code is returned.
        var forced = await SightlineCommand.RunAsync(["run", "--force", "--", "dotnet", app]);
        Assert.Contains("warning:", forced.Errors, StringComparison.Ordinal);
        Assert.NotEqual(0, forced.ExitCode);
        Assert.NotEqual(3, forced.ExitCode);
    }
}
