namespace Sightline.Spi.Plugins;

/// <summary>
/// The library a plugin instruments: the assembly's simple name and the versions the plugin supports.
/// A plugin is applied to an assembly only when both match.
/// </summary>
/// <param name="AssemblyName">The simple name of the target assembly, for example <c>Microsoft.Data.Sqlite</c>.</param>
/// <param name="Versions">The assembly versions the plugin supports.</param>
public sealed record AssemblyWitness(string AssemblyName, VersionRange Versions)
{
    /// <summary>Creates a witness from a range in text form, for example <c>("Npgsql", "[8.0, 10.*]")</c>.</summary>
    public AssemblyWitness(string assemblyName, string versions)
        : this(assemblyName, VersionRange.Parse(versions))
    {
    }
}
