using System.Reflection;
using System.Runtime.Loader;

namespace Sightline.Agent.Loading;

/// <summary>
/// The agent's private load context: every assembly that ships in the agent's folder (the core, OpenTelemetry,
/// Protobuf, gRPC, Cecil, the plugins) loads here, so an application that ships other versions of the same
/// packages keeps its own. The framework itself is never loaded twice: <c>System.Diagnostics.DiagnosticSource</c>
/// in particular must be the application's, or the agent's spans would not be the application's
/// <c>Activity.Current</c>.
/// </summary>
internal sealed class AgentLoadContext : AssemblyLoadContext
{
    private readonly string _home;
    private readonly HashSet<string> _framework;

    /// <summary>Creates the context for the agent folder <paramref name="home"/>.</summary>
    public AgentLoadContext(string home)
        : base("Sightline.Agent", isCollectible: false)
    {
        _home = home;
        _framework = FrameworkAssemblyNames();
    }

    /// <summary>The agent folder.</summary>
    public string Home => _home;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || _framework.Contains(name))
        {
            return null;
        }

        var path = Path.Combine(_home, name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = Path.Combine(_home, unmanagedDllName);
        return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }

    // The shared framework's assemblies are those the host lists as trusted and that live in a shared folder.
    private static HashSet<string> FrameworkAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var shared = runtimeDirectory is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(runtimeDirectory));
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string trusted)
        {
            foreach (var path in trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (shared is not null && path.StartsWith(shared, StringComparison.Ordinal))
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
        }

        return names;
    }
}
