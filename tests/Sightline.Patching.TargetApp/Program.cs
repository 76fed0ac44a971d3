using System.Runtime.CompilerServices;
using Sightline.Patching;

var decision = PatchEngine.Shared.Apply(new PatchRequest(typeof(Targets).GetMethod(nameof(Targets.Twice))!, "dbg")
{
    Postfix = typeof(Targets).GetMethod(nameof(Targets.AddTen)),
});
Console.WriteLine(decision);
Console.WriteLine(Targets.Twice(2));

internal static class Targets
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Twice(int x) => x * 2;

    public static void AddTen(ref int __result) => __result += 10;
}
