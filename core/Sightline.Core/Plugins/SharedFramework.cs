using System.Reflection;

namespace Sightline.Core.Plugins;

/// <summary>
/// The shared framework the application runs on (Microsoft.NETCore.App, Microsoft.AspNetCore.App, ...): the assemblies
/// the host lists as trusted from the dotnet installation's <c>shared</c> folder. Compiled into the hook assembly too,
/// whose load context keeps the framework the application's.
/// </summary>
internal static class SharedFramework
{
    /// <summary>The installation's shared folder; null for a self-contained application, which has none.</summary>
    public static readonly string? Folder = FindFolder();

    private static readonly string Trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;

    /// <summary>
    /// Whether the host lists an assembly named <paramref name="name"/> (case ignored) as the framework. Searched in the
    /// trusted list itself: splitting it into a set of names allocated 100 KB on every start, for the few names asked.
    /// </summary>
    public static bool Lists(string name) => Lists(Trusted, Folder, name);

    /// <summary>
    /// Whether <paramref name="trusted"/> (paths separated as the host separates them) lists <paramref name="name"/> as
    /// the framework: under <paramref name="folder"/>, the shared folder. With none (a self-contained application, whose
    /// runtime sits among its own assemblies) the framework is told apart by name: System.*, Microsoft.* and the
    /// facades are the application's, anything else it ships (Google.Protobuf, Grpc.*) stays the agent's own.
    /// </summary>
    internal static bool Lists(string trusted, string? folder, string name) =>
        folder is null ? IsFrameworkName(name) && ListsUnder(trusted, string.Empty, name) : ListsUnder(trusted, folder, name);

    private static bool IsFrameworkName(string name) =>
        name.StartsWith("System.", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase)
        || name.Equals("System", StringComparison.OrdinalIgnoreCase)
        || name.Equals("mscorlib", StringComparison.OrdinalIgnoreCase)
        || name.Equals("netstandard", StringComparison.OrdinalIgnoreCase)
        || name.Equals("WindowsBase", StringComparison.OrdinalIgnoreCase);

    private static bool ListsUnder(string trusted, string prefix, string name)
    {
        var paths = trusted.AsSpan();
        var file = Path.DirectorySeparatorChar + name + ".dll";
        var from = 0;
        while (from < paths.Length)
        {
            var found = paths[from..].IndexOf(file, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            var end = at + file.Length;
            if (end == paths.Length || paths[end] == Path.PathSeparator)
            {
                var path = paths[(paths[..at].LastIndexOf(Path.PathSeparator) + 1)..end];
                if (path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>Whether <paramref name="assembly"/> was loaded from the shared folder (never in a self-contained application).</summary>
    public static bool Holds(Assembly assembly) =>
        Folder is not null && !assembly.IsDynamic && assembly.Location.StartsWith(Folder, StringComparison.Ordinal);

    // CoreLib sits in <dotnet>/shared/Microsoft.NETCore.App/<version>/; anywhere else (a self-contained application's
    // own folder) there is no shared framework to tell apart from the application.
    private static string? FindFolder()
    {
        var frameworks = Path.GetDirectoryName(RuntimeFolder());
        var shared = Path.GetDirectoryName(frameworks);
        return shared is not null
            && string.Equals(Path.GetFileName(frameworks), "Microsoft.NETCore.App", StringComparison.Ordinal)
            && string.Equals(Path.GetFileName(shared), "shared", StringComparison.Ordinal)
            ? shared + Path.DirectorySeparatorChar
            : null;
    }

    private static string? RuntimeFolder() => Path.GetDirectoryName(typeof(object).Assembly.Location);
}
