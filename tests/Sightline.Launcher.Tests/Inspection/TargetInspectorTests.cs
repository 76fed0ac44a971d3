using System.Text;
using Sightline.Launcher.Inspection;
using Sightline.Launcher.Tests.Support;

namespace Sightline.Launcher.Tests.Inspection;

/// <summary>What the launcher concludes from the file it is about to start.</summary>
public sealed class TargetInspectorTests
{
    private const string HooksOff = """{ "runtimeOptions": { "configProperties": { "System.StartupHookProvider.IsSupported": false } } }""";

    [Fact]
    public void The_real_app_host_of_the_target_app_is_attachable()
    {
        var appHost = Path.ChangeExtension(AppPaths.TargetApp, null);

        Assert.Null(TargetInspector.Inspect(appHost, [], AppPaths.TargetAppFolder));
        Assert.Null(TargetInspector.Inspect("/usr/bin/dotnet", [AppPaths.TargetApp], AppPaths.TargetAppFolder));
    }

    [Fact]
    public void An_app_host_whose_runtimeconfig_switches_hooks_off_is_refused()
    {
        using var temp = new TempFolder();
        var appHost = SyntheticElf.Write(Path.Combine(temp.Path, "shop"), [".text"]);
        File.WriteAllText(appHost + ".dll", string.Empty);
        File.WriteAllText(appHost + ".runtimeconfig.json", HooksOff);

        var problem = TargetInspector.Inspect(appHost, [], temp.Path);

        Assert.Equal(AttachProblemKind.StartupHooksDisabled, problem?.Kind);
        Assert.Equal(appHost + ".runtimeconfig.json", problem?.Evidence);
    }

    [Fact]
    public void The_Native_AOT_export_is_recognised_when_the_sections_say_nothing()
    {
        using var temp = new TempFolder();
        var app = SyntheticElf.Write(Path.Combine(temp.Path, "shop"), [".text", ".dynstr"], _ => Encoding.ASCII.GetBytes("\0DotNetRuntimeDebugHeader\0"));

        var problem = TargetInspector.Inspect(app, [], temp.Path);

        Assert.Equal(AttachProblemKind.NativeAot, problem?.Kind);
        Assert.Equal("it exports the Native AOT symbol DotNetRuntimeDebugHeader", problem?.Evidence);
    }

    [Fact]
    public void A_single_file_bundle_is_judged_by_its_embedded_runtimeconfig_even_with_Native_AOT_looking_bytes()
    {
        using var temp = new TempFolder();
        var trimmed = SyntheticElf.Write(Path.Combine(temp.Path, "trimmed"), [".text", "__managedcode"], at => SyntheticElf.BundlePayload(HooksOff, at));
        var plain = SyntheticElf.Write(Path.Combine(temp.Path, "plain"), [".text", "__managedcode"], at => SyntheticElf.BundlePayload("""{ "runtimeOptions": {} }""", at));

        Assert.Equal(AttachProblemKind.StartupHooksDisabled, TargetInspector.Inspect(trimmed, [], temp.Path)?.Kind);
        Assert.Null(TargetInspector.Inspect(plain, [], temp.Path));
    }

    [Fact]
    public void Native_programs_scripts_and_sdk_commands_are_started_without_judgement()
    {
        using var temp = new TempFolder();
        var native = SyntheticElf.Write(Path.Combine(temp.Path, "tool"), [".text", ".data"]);
        var script = Path.Combine(temp.Path, "start.sh");
        File.WriteAllText(script, "#!/bin/sh\nexec dotnet shop.dll\n");

        Assert.Null(TargetInspector.Inspect(native, [], temp.Path));
        Assert.Null(TargetInspector.Inspect(script, [], temp.Path));
        Assert.Null(TargetInspector.Inspect("/usr/bin/dotnet", ["run", "--project", "shop"], temp.Path));
    }

    [Fact]
    public void Dotnet_exec_with_an_explicit_runtimeconfig_is_read()
    {
        using var temp = new TempFolder();
        var config = Path.Combine(temp.Path, "custom.json");
        File.WriteAllText(config, HooksOff);

        var problem = TargetInspector.Inspect("/usr/bin/dotnet", ["exec", "--runtimeconfig", config, "shop.dll"], temp.Path);

        Assert.Equal(config, problem?.Evidence);
    }

    [Theory]
    [InlineData("""{ "runtimeOptions": { "configProperties": { "System.StartupHookProvider.IsSupported": false } } }""", false)]
    [InlineData("""{ "runtimeOptions": { "configProperties": { "System.StartupHookSupport": "false" } } }""", false)]
    [InlineData("""{ "runtimeOptions": { "configProperties": { "System.StartupHookProvider.IsSupported": true } } }""", true)]
    [InlineData("""{ "runtimeOptions": { "tfm": "net10.0" } }""", null)]
    public void The_startup_hook_switch_is_read_in_both_spellings(string json, bool? expected)
    {
        Assert.Equal(expected, RuntimeConfig.TryParse(json)?.StartupHookSupport);
    }

    [Fact]
    public void A_broken_runtimeconfig_is_not_a_verdict()
    {
        Assert.Null(RuntimeConfig.TryParse("{ not json"));
    }
}
