using System.Reflection;

namespace Sightline.Tests.OldPackagesApp;

/// <summary>The package version an assembly came from (assembly versions are often pinned at 1.0.0.0).</summary>
public static class Versions
{
    public static string Of(Type type) =>
        type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? type.Assembly.GetName().Version?.ToString() ?? "?";
}
