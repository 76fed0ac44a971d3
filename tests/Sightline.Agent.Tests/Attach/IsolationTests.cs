using System.Xml.Linq;
using Sightline.Agent.Tests.Support;
using Sightline.Scenarios.Running;

namespace Sightline.Agent.Tests.Attach;

/// <summary>
/// The agent's dependencies live in its private load context: an app that ships older versions of the same packages
/// (OpenTelemetry 1.9.0, Google.Protobuf 3.21.9, Grpc.Net.Client 2.55.0, Mono.Cecil 0.11.3, Microsoft.Extensions.Hosting
/// 8.0.0) uses them with the agent attached, and both work: started with <c>dotnet</c>, and published self-contained
/// and started by its app host, where the framework sits among the app's own assemblies.
/// </summary>
public sealed class IsolationTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);
    private readonly AgentSandbox _sandbox = new();

    [Fact]
    public async Task An_app_with_older_versions_of_the_agents_packages_keeps_them_and_is_traced()
    {
        await RunAndCheckAsync("dotnet", [AppPaths.OldPackagesApp]);
    }

    [Fact]
    public async Task A_self_contained_app_with_older_versions_of_the_agents_packages_keeps_them_and_is_traced()
    {
        var published = await PublishSelfContainedAsync();

        await RunAndCheckAsync(Path.Combine(published, "OldPackagesApp"), []);
    }

    public void Dispose() => _sandbox.Dispose();

    private async Task RunAndCheckAsync(string command, string[] arguments)
    {
        // The traced call is the first line of Main, before the app's host is built: only the first-call start
        // guarantees it (the default start for an app with a host would let it run untraced while the agent starts).
        _sandbox.Environment["SIGHTLINE_START_MODE"] = "first-call";

        // An OTLP exporter too (its backend need not answer): made at the first batch, it loads the agent's own gRPC
        // client, which the app reports the load context of.
        _sandbox.Environment["SIGHTLINE_EXPORTERS"] = "jsonl,otlp";
        _sandbox.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        _sandbox.Environment["OLD_PACKAGES_REPORT_AGENT_GRPC"] = "1";
        using var app = AppProcess.Start(command, arguments, _sandbox.Environment);
        Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken) == 0, app.Output + app.Errors);

        var lines = app.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("OpenTelemetry 1.9.0 spans=1", StringComparison.Ordinal));
        Assert.Contains("Google.Protobuf 3.21.9 roundtrip=True", lines);
        Assert.Contains("Grpc.Net.Client 2.55.0 target=127.0.0.1:9", lines);
        Assert.Contains(lines, l => l.StartsWith("Mono.Cecil 0.11.3", StringComparison.Ordinal));
        Assert.Contains("Microsoft.Extensions.Hosting 8.0.0", lines);
        Assert.Contains("agent Grpc.Net.Client in Sightline.Agent", lines);
        Assert.Contains("done", lines);

        // One Activity world: the app's own OpenTelemetry 1.9 span is a child of the agent's span around Work.Run.
        var agentSpan = Assert.Single(_sandbox.Spans(), s => s.GetProperty("name").GetString() == "Work.Run");
        var parent = lines.Single(l => l.StartsWith("OpenTelemetry", StringComparison.Ordinal)).Split("parent=")[1];
        Assert.Equal(agentSpan.GetProperty("spanId").GetString(), parent);
    }

    // The app's sources and packages in a project of their own outside the repository, so that a self-contained publish
    // neither rewrites the built app's restore output nor meets the repository's build settings.
    private async Task<string> PublishSelfContainedAsync()
    {
        var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppPaths.OldPackagesApp)!, "..", "..", ".."));
        var original = XDocument.Load(Path.Combine(source, "OldPackagesApp.csproj"));
        var packages = original.Descendants("PackageReference")
            .Select(p => new XElement("PackageReference", new XAttribute("Include", (string)p.Attribute("Include")!), new XAttribute("Version", (string)p.Attribute("VersionOverride")!)));
        var project = new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("InvariantGlobalization", "true"),
                new XElement("RuntimeIdentifier", "linux-x64"),
                new XElement("SelfContained", "true"),
                new XElement("EnableDefaultCompileItems", "false"),
                new XElement("NuGetAudit", "false"),
                new XElement("NoWarn", "$(NoWarn);NU1603")),
            new XElement("ItemGroup", new XElement("Compile", new XAttribute("Include", Path.Combine(source, "*.cs"))), packages));

        var folder = Path.Combine(_sandbox.Folder, "self-contained");
        Directory.CreateDirectory(folder);
        project.Save(Path.Combine(folder, "OldPackagesApp.csproj"));
        var output = Path.Combine(folder, "published");
        using var publish = AppProcess.Start("dotnet", ["publish", folder, "-c", "Release", "-o", output, "-nologo", "-v:q"], new Dictionary<string, string?>());
        Assert.True(await publish.WaitForExitAsync(PublishTimeout, TestContext.Current.CancellationToken) == 0, "the publish failed:" + publish.Describe());
        Assert.True(File.Exists(Path.Combine(output, "System.Private.CoreLib.dll")), "the publish is not self-contained");
        return output;
    }
}
