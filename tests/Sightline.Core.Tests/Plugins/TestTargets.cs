using System.Reflection;
using System.Runtime.Loader;

namespace Sightline.Core.Tests.Plugins;

/// <summary>Version 1 and version 2 of the target library, each in its own load context, loaded once.</summary>
internal static class TestTargets
{
    private static readonly Lazy<Assembly> LazyV1 = new(() => Load("v1"));
    private static readonly Lazy<Assembly> LazyV2 = new(() => Load("v2"));

    public static Assembly V1 => LazyV1.Value;

    public static Assembly V2 => LazyV2.Value;

    private static Assembly Load(string version)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "targets", version, "Sightline.TestTarget.dll");
        return new AssemblyLoadContext("test-target-" + version).LoadFromAssemblyPath(path);
    }
}
