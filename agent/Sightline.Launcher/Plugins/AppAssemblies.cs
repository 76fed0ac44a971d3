using Mono.Cecil;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// The assemblies an app would run with, read as metadata: the app folder's, then its shared frameworks' (an app's own
/// copy of a framework assembly is the one listed). Also the resolver Cecil uses, so base types and interfaces resolve
/// across them. Assemblies are read on first use and closed on dispose.
/// </summary>
internal sealed class AppAssemblies : IAssemblyResolver
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AssemblyDefinition?> _read = new(StringComparer.OrdinalIgnoreCase);

    public AppAssemblies(string appFolder, IReadOnlyList<string> frameworkFolders)
    {
        AppFolder = appFolder;
        FrameworkFolders = frameworkFolders;
        foreach (var folder in frameworkFolders.Prepend(appFolder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                _paths.TryAdd(Path.GetFileNameWithoutExtension(file), file);
            }
        }
    }

    public string AppFolder { get; }

    public IReadOnlyList<string> FrameworkFolders { get; }

    /// <summary>The simple names of every assembly file, in a stable order.</summary>
    public IEnumerable<string> Names => _paths.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>The assembly with this simple name, or null when the app has none (or the file is not a .NET assembly).</summary>
    public AssemblyDefinition? Find(string name)
    {
        if (_read.TryGetValue(name, out var known))
        {
            return known;
        }

        AssemblyDefinition? assembly = null;
        if (_paths.TryGetValue(name, out var path))
        {
            try
            {
                assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters(ReadingMode.Deferred) { AssemblyResolver = this });
            }
            catch (BadImageFormatException)
            {
                // A native library beside the managed ones.
            }
        }

        _read[name] = assembly;
        return assembly;
    }

    public AssemblyDefinition? Resolve(AssemblyNameReference name) => Find(name.Name);

    public AssemblyDefinition? Resolve(AssemblyNameReference name, ReaderParameters parameters) => Find(name.Name);

    public void Dispose()
    {
        foreach (var assembly in _read.Values)
        {
            assembly?.Dispose();
        }

        _read.Clear();
    }
}
