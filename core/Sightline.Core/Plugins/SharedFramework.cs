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

    // A self-contained application carries the runtime in its own folder, where the framework cannot be told apart
    // from the application: everything the host lists from there counts, so the agent never loads a second copy.
    private static readonly string? ListedFolder = Folder ?? RuntimeFolder();

    private static readonly string Trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;

    /// <summary>
    /// Whether the host lists an assembly named <paramref name="name"/> (case ignored) from the shared folder, or from
    /// the runtime's own folder when there is none. Searched in the trusted list itself: splitting it into a set of names
    /// allocated 100 KB on every start, for the few names ever asked.
    /// </summary>
    public static bool Lists(string name)
    {
        if (ListedFolder is null)
        {
            return false;
        }

        var trusted = Trusted.AsSpan();
        var file = Path.DirectorySeparatorChar + name + ".dll";
        var from = 0;
        while (from < trusted.Length)
        {
            var found = trusted[from..].IndexOf(file, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            var end = at + file.Length;
            if (end == trusted.Length || trusted[end] == Path.PathSeparator)
            {
                var entry = trusted[(trusted[..at].LastIndexOf(Path.PathSeparator) + 1)..at];
                if (entry.StartsWith(ListedFolder, StringComparison.Ordinal))
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
        var runtime = RuntimeFolder()?.TrimEnd(Path.DirectorySeparatorChar);
        var frameworks = runtime is null ? null : Path.GetDirectoryName(runtime);
        var shared = frameworks is null ? null : Path.GetDirectoryName(frameworks);
        return shared is not null
            && string.Equals(Path.GetFileName(frameworks), "Microsoft.NETCore.App", StringComparison.Ordinal)
            && string.Equals(Path.GetFileName(shared), "shared", StringComparison.Ordinal)
            ? shared + Path.DirectorySeparatorChar
            : null;
    }

    private static string? RuntimeFolder() =>
        Path.GetDirectoryName(typeof(object).Assembly.Location) is { Length: > 0 } folder ? folder + Path.DirectorySeparatorChar : null;
}
