namespace Sightline.Patching.Tests.Assets;

/// <summary>
/// Handlers reading and writing <see cref="FieldHolder"/>'s private fields: three underscores, then the field's name
/// (<c>_count</c> → <c>____count</c>), as in Harmony.
/// </summary>
public static class FieldHolderHooks
{
    public static void AddHundred(ref int ____count) => ____count += 100;

    public static void ReadCount(int ____count, ref int __result) => __result = (__result * 1000) + ____count;

    public static void Relabel(ref string ____label) => ____label = "patched";

    public static void Missing(int ___nothing)
    {
    }

    public static void WrongType(string ____count)
    {
    }

    public static void InstanceFieldOnStaticTarget(int ____count)
    {
    }
}
