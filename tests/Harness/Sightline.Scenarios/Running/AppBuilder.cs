namespace Sightline.Scenarios.Running;

/// <summary>
/// Builds a scenario app with <c>dotnet build</c> into its own artifacts folder (one per version, so versions never
/// share an obj folder) and returns the built assembly.
/// </summary>
internal static class AppBuilder
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static async Task<string> BuildAsync(string project, string artifacts, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "build", project, "-c", "Debug", "--artifacts-path", artifacts, "-nologo", "-v:q", "-clp:NoSummary" };
        arguments.AddRange(properties.Select(p => $"-p:{p.Key}={p.Value}"));
        using var build = AppProcess.Start("dotnet", arguments, new Dictionary<string, string?>(), Path.GetDirectoryName(project));
        if (await build.WaitForExitAsync(BuildTimeout, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new ScenarioException($"dotnet build {Path.GetFileName(project)} {string.Join(' ', properties.Select(p => $"-p:{p.Key}={p.Value}"))} failed{build.Describe()}");
        }

        // --artifacts-path puts the output in bin/<project name>/<pivot>; the runtimeconfig file marks the app.
        var bin = Path.Combine(artifacts, "bin", Path.GetFileNameWithoutExtension(project));
        var config = Directory.Exists(bin) ? Directory.EnumerateFiles(bin, "*.runtimeconfig.json", SearchOption.AllDirectories).FirstOrDefault() : null;
        return config is null
            ? throw new ScenarioException($"the build of {project} produced no app under {bin}")
            : config[..^".runtimeconfig.json".Length] + ".dll";
    }
}
