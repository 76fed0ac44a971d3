using System.Runtime.InteropServices;
using Sightline.Launcher.Inspection;

namespace Sightline.Launcher.Plugins;

/// <summary>
/// Finds the shared-framework folders an app runs on: <c>&lt;dotnet root&gt;/shared/&lt;name&gt;/&lt;version&gt;</c>, the
/// highest installed version of the same major version that is not older than the one asked for (the host's default
/// roll-forward goes to the latest patch), and the frameworks each of those builds on.
/// </summary>
internal static class SharedFrameworks
{
    /// <summary>The dotnet root: DOTNET_ROOT when it holds shared frameworks, else the root of the runtime running the launcher.</summary>
    public static string? Root(Func<string, string?> environment)
    {
        if (environment("DOTNET_ROOT") is { Length: > 0 } root && Directory.Exists(Path.Combine(root, "shared")))
        {
            return root;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
        return runtime.Parent?.Parent?.Parent?.FullName;
    }

    /// <summary>Resolves the frameworks to folders, base frameworks included; <paramref name="missing"/> lists those not installed.</summary>
    public static IReadOnlyList<string> Resolve(string? root, IEnumerable<(string Name, string Version)> frameworks, List<string> missing)
    {
        var folders = new List<string>();
        var pending = new Queue<(string Name, string Version)>(frameworks);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (pending.TryDequeue(out var framework))
        {
            if (!seen.Add(framework.Name))
            {
                continue;
            }

            var folder = root is null ? null : Find(Path.Combine(root, "shared", framework.Name), framework.Version);
            if (folder is null)
            {
                missing.Add($"{framework.Name} {framework.Version}");
                continue;
            }

            folders.Add(folder);
            if (RuntimeConfig.TryRead(Path.Combine(folder, framework.Name + ".runtimeconfig.json")) is { } own)
            {
                foreach (var baseFramework in own.Frameworks)
                {
                    pending.Enqueue(baseFramework);
                }
            }
        }

        return folders;
    }

    private static string? Find(string frameworkFolder, string requested)
    {
        if (!Directory.Exists(frameworkFolder) || !Version.TryParse(Release(requested), out var wanted))
        {
            return null;
        }

        return Directory.EnumerateDirectories(frameworkFolder)
            .Select(d => (Folder: d, Version: Version.TryParse(Release(Path.GetFileName(d)), out var v) ? v : null))
            .Where(c => c.Version is not null && c.Version.Major == wanted.Major && c.Version >= wanted)
            .OrderByDescending(c => c.Version)
            .Select(c => c.Folder)
            .FirstOrDefault();
    }

    // "10.0.0-preview.7" → "10.0.0".
    private static string Release(string version) => version.Split('-', 2)[0];
}
