namespace Sightline.Patching.Tests.Assets;

/// <summary>Handlers used by several tests; each records what it saw.</summary>
public static class Hooks
{
    public static int AddTenToResult(ref int __result)
    {
        __result += 10;
        return __result;
    }

    public static void AddTen(ref int __result) => __result += 10;

    public static void DoubleFirstArgument(ref int x) => x *= 2;

    public static bool SkipWithMinusOne(ref int __result)
    {
        __result = -1;
        return false;
    }

    public static void Empty()
    {
    }
}
