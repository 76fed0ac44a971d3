using System.Reflection;
using System.Runtime.Loader;
using Sightline.Core.Plugins;

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

    /// <summary>Creates the context for the agent folder <paramref name="home"/>.</summary>
    public AgentLoadContext(string home)
        : base("Sightline.Agent", isCollectible: false)
    {
        _home = home;
    }

    /// <summary>The agent folder.</summary>
    public string Home => _home;

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null)
        {
            return null;
        }

        var path = Path.Combine(_home, name + ".dll");
        return File.Exists(path) && !SharedFramework.Lists(name) ? LoadFromAssemblyPath(path) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = Path.Combine(_home, unmanagedDllName);
        return File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
