using System.Xml.Linq;

namespace Sightline.Core.Tests.Architecture;

/// <summary>Reads the repository's project files as they are on disk.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Every project file below the root, by project name.</summary>
    public static IReadOnlyDictionary<string, string> Projects() =>
        Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj"))
            .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => p);

    /// <summary>
    /// The projects a project file's code references, by name. A reference with <c>ReferenceOutputAssembly="false"</c>
    /// only orders the build (the agent's distribution bundling the plugins) and is not a dependency.
    /// </summary>
    public static IReadOnlyList<string> ProjectReferences(string projectFile) =>
        XDocument.Load(projectFile).Descendants("ProjectReference")
            .Where(e => !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(e => (string?)e.Attribute("Include") ?? string.Empty)
            .Select(i => Path.GetFileNameWithoutExtension(i.Replace('\\', Path.DirectorySeparatorChar)))
            .ToList();

    /// <summary>The folder, relative to the root, that holds a project file.</summary>
    public static string TopFolder(string projectFile) =>
        Path.GetRelativePath(Root, projectFile).Split(Path.DirectorySeparatorChar)[0];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Agent.sln not found above " + AppContext.BaseDirectory);
    }
}
