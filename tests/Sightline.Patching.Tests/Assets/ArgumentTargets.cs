using System.Runtime.CompilerServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>Targets for handlers that take every argument as <c>__args</c>, or change them through <c>ref</c>.</summary>
public sealed class ArgumentTargets
{
    private int _total;

    public int Total => _total;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Join(string name, int count, DateTime at) => $"{name}:{count}:{at:yyyy}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Scale(int value, ref int factor, out string note)
    {
        note = $"x{factor}";
        return value * factor;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Name(int value, out string note) => note = $"n{value}";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Optional(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Keep(int value, string? label) => label is null ? -value : value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Length(ReadOnlySpan<char> text) => text.Length;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Echo(int value) => value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Adjust(int value, ref int step)
    {
        step++;
        return value + step;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int AdjustAll(int value, int step) => value * step;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Add(int value) => _total += value;
}

/// <summary>A struct whose method a wrapped handler changes through <c>ref __instance</c> before it throws.</summary>
public struct Tally
{
    public int Count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Bump() => ++Count;
}
