using System.Reflection;
using System.Reflection.Metadata;

namespace Sightline.Core.Plugins;

/// <summary>
/// The public classes of a plugin assembly that may be plugins, read from its metadata. Loading every exported type
/// instead (<see cref="Assembly.GetExportedTypes"/>) loads the assemblies of all their base types and interfaces:
/// System.Net.Http, say, whose interceptions must then be installed before the agent's start returns, although the
/// application may never use it. A type whose base class lives in another assembly is kept (it may derive from
/// <see cref="Spi.Plugins.SightlinePlugin"/>); the loader checks every candidate properly.
/// </summary>
internal static class PluginTypeCandidates
{
    /// <summary>The candidates, or null when the metadata cannot be read (the caller falls back to reflection).</summary>
    public static IReadOnlyList<Type>? Of(Assembly assembly)
    {
        if (assembly.IsDynamic)
        {
            return null;
        }

        try
        {
            var reader = AssemblyMetadata.ReaderOf(assembly);
            if (reader is null)
            {
                return null;
            }

            var types = new List<Type>();
            foreach (var handle in reader.TypeDefinitions)
            {
                var definition = reader.GetTypeDefinition(handle);
                var attributes = definition.Attributes;
                if ((attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public
                    || (attributes & (TypeAttributes.Interface | TypeAttributes.Abstract)) != 0
                    || !MayDeriveFromPlugin(reader, definition, depth: 0))
                {
                    continue;
                }

                var name = reader.GetString(definition.Name);
                var ns = reader.GetString(definition.Namespace);
                if (assembly.GetType(ns.Length == 0 ? name : ns + "." + name, throwOnError: false) is { } type)
                {
                    types.Add(type);
                }
            }

            return types;
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException)
        {
            return null;
        }
    }

    // False only when the base class chain, followed inside the assembly, ends in a known non-plugin class.
    private static bool MayDeriveFromPlugin(MetadataReader reader, TypeDefinition definition, int depth)
    {
        var baseType = definition.BaseType;
        if (baseType.IsNil || depth > 32)
        {
            return false;
        }

        switch (baseType.Kind)
        {
            case HandleKind.TypeDefinition:
                return MayDeriveFromPlugin(reader, reader.GetTypeDefinition((TypeDefinitionHandle)baseType), depth + 1);
            case HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)baseType);
                var ns = reader.GetString(reference.Namespace);

                // Anything from the base class library (object, a delegate, an attribute, an exception) is not a plugin.
                return !(ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));
            default:
                // A generic base class instantiation: let reflection decide.
                return true;
        }
    }
}
