using System.Reflection;
using System.Runtime.CompilerServices;

namespace Sightline.Patching.TargetApp;

/// <summary>
/// Methods of different shapes that worker threads call in tight loops while they are patched and unpatched. Each
/// returns <see cref="Expected"/> of its input; a patch adds <see cref="ConcurrencyScenario.Marker"/>.
/// </summary>
internal class ConcurrencyTargets
{
    public const int Count = 12;
    private static int _zero = Environment.ProcessId < 0 ? 1 : 0;

    public static int Expected(int k, int x) => (x * (k + 2)) + k;

    /// <summary>The targets, indexed as in <see cref="Call"/>.</summary>
    public static IReadOnlyList<MethodBase> Methods()
    {
        var type = typeof(ConcurrencyTargets);
        return
        [
            type.GetMethod(nameof(Leaf))!, type.GetMethod(nameof(WithFrame))!, type.GetMethod(nameof(CallsFirst))!,
            type.GetMethod(nameof(WithLoop))!, type.GetMethod(nameof(WithTryFinally))!, type.GetMethod(nameof(Virtual))!,
            type.GetMethod(nameof(Instance))!, type.GetMethod(nameof(Tiny))!, type.GetMethod(nameof(ManyArgs))!,
            type.GetMethod(nameof(WithStruct))!, type.GetMethod(nameof(Throws))!,
            type.GetMethod(nameof(Generic))!.MakeGenericMethod(typeof(long)),
        ];
    }

    public static int Call(ConcurrencyTargets instance, int k, int x) => k switch
    {
        0 => Leaf(x),
        1 => WithFrame(x),
        2 => CallsFirst(x),
        3 => WithLoop(x),
        4 => WithTryFinally(x),
        5 => instance.Virtual(x),
        6 => instance.Instance(x),
        7 => Tiny(x),
        8 => ManyArgs(x, 1, 2, 3, 4, 5, 6, 7),
        9 => WithStruct(x),
        10 => Throws(x),
        _ => Generic(x, 13L),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Leaf(int x) => (x * 2) + (_zero * ((x ^ 0x1234) + (x >> 3)));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int WithFrame(int x)
    {
        Span<int> buffer = stackalloc int[4];
        buffer[x & 3] = x;
        return (buffer[x & 3] * 3) + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CallsFirst(int x) => Helper(x) + 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int WithLoop(int x)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += x;
        }

        return sum + 3;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int WithTryFinally(int x)
    {
        var result = 0;
        try
        {
            result = x * 6;
        }
        finally
        {
            result += 4;
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public virtual int Virtual(int x) => (x * 7) + 5;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Instance(int x) => (x * 8) + 6 + (_zero * GetHashCode());

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Tiny(int x) => (x * 9) + 7;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ManyArgs(int x, int a, int b, int c, int d, int e, int f, int g) =>
        (x * 10) + 8 + (_zero * (a + b + c + d + e + f + g));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int WithStruct(int x)
    {
        var pair = (A: x * 11, B: 9);
        return pair.A + pair.B;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Throws(int x)
    {
        try
        {
            if (x == int.MinValue)
            {
                throw new InvalidOperationException("never");
            }

            return (x * 12) + 10;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Generic<T>(int x, T factor)
        where T : struct, IConvertible => (x * factor.ToInt32(null)) + 11;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Helper(int x) => x * 4;
}
