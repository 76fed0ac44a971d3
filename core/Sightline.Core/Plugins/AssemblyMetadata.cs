using System.Reflection;
using System.Reflection.Metadata;

namespace Sightline.Core.Plugins;

/// <summary>What matching reads from an assembly's metadata, in the bytes the runtime has already mapped.</summary>
internal static class AssemblyMetadata
{
    /// <summary>
    /// A reader over the assembly's metadata, or null when it has none to read in place. No file to open, and no
    /// PEReader, whose section table (ImmutableArray of a struct) is JIT-compiled at start-up.
    /// </summary>
    public static unsafe MetadataReader? ReaderOf(Assembly assembly) =>
        !assembly.IsDynamic && assembly.TryGetRawMetadata(out var blob, out var length) ? new MetadataReader(blob, length) : null;

    /// <summary>
    /// Whether <paramref name="assembly"/> references an assembly named <paramref name="name"/> (any version, case
    /// ignored), read from the metadata: <see cref="Assembly.GetReferencedAssemblies"/> builds an
    /// <see cref="AssemblyName"/>, with its culture and key token, for each reference. The reader costs about as much
    /// per assembly, which is why the matcher asks only of assemblies outside the shared framework.
    /// </summary>
    public static bool References(Assembly assembly, string name)
    {
        MetadataReader? reader;
        try
        {
            reader = ReaderOf(assembly);
        }
        catch (BadImageFormatException)
        {
            reader = null;
        }

        if (reader is null)
        {
            return ReferencesByReflection(assembly, name);
        }

        foreach (var handle in reader.AssemblyReferences)
        {
            if (reader.StringComparer.Equals(reader.GetAssemblyReference(handle).Name, name, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReferencesByReflection(Assembly assembly, string name)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (string.Equals(reference.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
