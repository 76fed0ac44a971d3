using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Core.Interception;

/// <summary>
/// The one dynamic assembly that holds the generated glue. Glue methods are ordinary static methods of real types,
/// not dynamic methods, because the patch engine binds handler parameters by name and only those keep their names.
/// </summary>
internal static class GlueAssembly
{
    private static readonly Lock Gate = new();
    private static readonly AssemblyBuilder Assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Sightline.Glue"), AssemblyBuilderAccess.Run);
    private static readonly ModuleBuilder Module = Assembly.DefineDynamicModule("Sightline.Glue");
    private static readonly HashSet<string> Trusted = [];
    private static int _counter;

    /// <summary>Starts a glue type, letting its code reach non-public interceptors of <paramref name="assemblies"/>.</summary>
    public static TypeBuilder DefineType(string hint, params Assembly[] assemblies)
    {
        lock (Gate)
        {
            foreach (var name in assemblies.Select(a => a.GetName().Name!).Where(Trusted.Add))
            {
                // The runtime honours this attribute by name on dynamic assemblies (DispatchProxy relies on it too).
                Assembly.SetCustomAttribute(new CustomAttributeBuilder(
                    typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [name]));
            }

            var safe = new string(hint.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
            return Module.DefineType($"Sightline.Glue.G{++_counter}_{safe}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        }
    }

    /// <summary>Creates the type; serialised, as the module builder is not thread-safe.</summary>
    public static Type Create(TypeBuilder builder)
    {
        lock (Gate)
        {
            return builder.CreateType();
        }
    }
}
