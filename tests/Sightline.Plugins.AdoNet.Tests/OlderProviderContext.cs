using System.Data.Common;
using System.Reflection;
using System.Runtime.Loader;

namespace Sightline.Plugins.AdoNet.Tests;

/// <summary>
/// The previous major versions of Microsoft.Data.Sqlite and Npgsql (built by <c>Assets/AdoNetOlderProviders</c>) in
/// their own load context beside the current ones, resolved from that build's <c>.deps.json</c> (native SQLite
/// included). The plugin engine sees them load, like any assembly, and patches them before their code runs; the tests
/// drive them through <see cref="DbConnection"/>, which both contexts share with the framework.
/// </summary>
internal sealed class OlderProviderContext : AssemblyLoadContext
{
    private static readonly Lazy<OlderProviderContext> Instance = new(() => new OlderProviderContext());

    private readonly AssemblyDependencyResolver _resolver;

    private OlderProviderContext()
        : base("adonet-older-providers")
    {
        var path = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "older-providers.path")).Trim();
        _resolver = new AssemblyDependencyResolver(path);
    }

    public static OlderProviderContext Shared => Instance.Value;

    /// <summary>Creates a connection of <paramref name="typeName"/> from <paramref name="assemblyName"/> as loaded here.</summary>
    public DbConnection Connect(string assemblyName, string typeName, string connectionString, out Version version)
    {
        using var scope = EnterContextualReflection();
        var assembly = LoadFromAssemblyName(new AssemblyName(assemblyName));
        version = assembly.GetName().Version!;
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return (DbConnection)Activator.CreateInstance(type, connectionString)!;
    }

    /// <summary>Runs provider code with this context as the one reflection loads into (SQLite finds its native bundle by name).</summary>
    public static T Run<T>(Func<T> work)
    {
        using var scope = Shared.EnterContextualReflection();
        return work();
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
