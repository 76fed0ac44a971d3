using System.Runtime.CompilerServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>Plain static and instance targets.</summary>
public class Calculator
{
    private readonly int _offset;

    public Calculator(int offset)
    {
        _offset = offset;
    }

    public int Offset => _offset;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Twice(int x) => x * 2;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Triple(int x) => x * 3;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Square(int x) => x * x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Negate(int x) => -x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe(string name, int count) => $"{name}:{count}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int AddOffset(int x) => x + _offset;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int NeverCalledBeforePatch(int x) => x + 1000;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CalledBeforePatch(int x) => x + 2000;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Divide(int a, int b, out int quotient, ref int remainder)
    {
        quotient = a / b;
        remainder = a % b;
    }
}
