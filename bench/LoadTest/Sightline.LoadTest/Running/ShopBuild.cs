using System.Diagnostics;

namespace Sightline.LoadTest.Running;

/// <summary>
/// The Release builds the load test runs: the three shop services, the storefront's OpenTelemetry build
/// (<c>-p:ShopOpenTelemetry=true</c>) and the agent's published distribution (ReadyToRun, every plugin: what
/// docs/attaching.md tells users to deploy).
/// </summary>
public sealed record ShopBuild(string Storefront, string StorefrontOpenTelemetry, string Inventory, string Payment, string Agent)
{
    /// <summary>Builds what is missing or stale (unless <see cref="LoadTestOptions.Build"/> is off) and checks every file is there.</summary>
    public static async Task<ShopBuild> PrepareAsync(string root, LoadTestOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        // Path.Combine leaves out empty parts: the plain build is bin/Release, the OpenTelemetry one bin/otel/Release.
        string Sample(string name, string flavour) => Path.Combine(root, "samples", name, "bin", flavour, "Release", "net10.0", name + ".dll");
        var agentFolder = options.AgentDirectory ?? Path.Combine(root, "bench", "LoadTest", "out", "agent");
        var build = new ShopBuild(
            Sample("Shop.Storefront", string.Empty),
            Sample("Shop.Storefront", "otel"),
            Sample("Shop.Inventory", string.Empty),
            Sample("Shop.Payment", string.Empty),
            Path.Combine(agentFolder, "Sightline.Agent.dll"));
        if (options.Build)
        {
            var clock = Stopwatch.StartNew();
            output.Write("Building (Release): the shop services, the storefront's OpenTelemetry build");
            string Project(string name) => Path.Combine(root, "samples", name, name + ".csproj");
            await DotnetAsync(["build", Project("Shop.Inventory"), "-c", "Release"], cancellationToken);
            await DotnetAsync(["build", Project("Shop.Payment"), "-c", "Release"], cancellationToken);
            await DotnetAsync(["build", Project("Shop.Storefront"), "-c", "Release"], cancellationToken);
            await DotnetAsync(["build", Project("Shop.Storefront"), "-c", "Release", "-p:ShopOpenTelemetry=true"], cancellationToken);
            if (options.AgentDirectory is null)
            {
                output.Write(", the agent (dotnet publish)");
                await DotnetAsync(["publish", Path.Combine(root, "agent", "Sightline.Agent", "Sightline.Agent.csproj"), "-c", "Release", "-o", agentFolder], cancellationToken);
            }

            output.WriteLine($" ... {clock.Elapsed.TotalSeconds:F0} s");
        }

        foreach (var file in new[] { build.Storefront, build.StorefrontOpenTelemetry, build.Inventory, build.Payment, build.Agent })
        {
            if (!File.Exists(file))
            {
                throw new LoadTestException($"{file} is missing: run without --no-build (and without --agent, or name a folder holding Sightline.Agent.dll)");
            }
        }

        return build;
    }

    private static async Task DotnetAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", [.. arguments, "-nologo", "-v:q"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new LoadTestException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new LoadTestException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }
    }
}
