using System.Runtime.Loader;
using Sightline.Core.Plugins;

namespace Sightline.Core.Tests.Plugins;

public sealed class PluginLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-plugins-").FullName;

    [Fact]
    public void Loads_plugins_from_a_folder_and_records_every_failure_without_stopping()
    {
        File.Copy(typeof(ShopPlugin).Assembly.Location, Path.Combine(_folder, "Sightline.Core.Tests.dll"));
        File.WriteAllText(Path.Combine(_folder, "corrupt.dll"), "this is not an assembly");
        var log = new DecisionLog();

        var plugins = PluginLoader.LoadFolder(_folder, new AssemblyLoadContext("plugins-test", isCollectible: true), log);

        Assert.Contains(plugins, p => p.Id == "shop");
        Assert.DoesNotContain(plugins, p => p.Id == "broken");
        var failures = log.Snapshot();
        Assert.Contains(failures, d => d.PluginId == "corrupt.dll" && d.Outcome == PluginOutcome.LoadFailed);
        Assert.Contains(failures, d => d.PluginId.EndsWith("BrokenPlugin", StringComparison.Ordinal) && d.Reason.Contains("broken on purpose", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_loads_nothing_and_says_so()
    {
        var log = new DecisionLog();

        var plugins = PluginLoader.LoadFolder(Path.Combine(_folder, "absent"), AssemblyLoadContext.Default, log);

        Assert.Empty(plugins);
        Assert.Equal(PluginOutcome.LoadFailed, Assert.Single(log.Snapshot()).Outcome);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
