namespace Sightline.Launcher.Tests.Support;

/// <summary>A temp folder removed when the test ends, pass or fail.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "sightline-launcher-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>A folder holding the given plugin assemblies, as a plugins folder.</summary>
    public string PluginsFolder(params string[] plugins)
    {
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(Path, "plugins")).FullName;
        foreach (var plugin in plugins)
        {
            File.Copy(plugin, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(plugin)));
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file: the system cleans the temp folder later.
        }
    }
}
