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

            return Module.DefineType($"Sightline.Glue.G{++_counter}_{SafeName(hint)}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        }
    }

    // A loop, not LINQ over the string's chars: that instantiation over char is JIT-compiled at start-up.
    private static string SafeName(string hint)
    {
        var chars = hint.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
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
