using System.Runtime.CompilerServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>A target with private fields, for <c>___field</c> handler parameters.</summary>
public sealed class FieldHolder
{
    private static string _label = "counter";
    private int _count;

    public static string Label => _label;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Increment() => ++_count;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe(int x) => $"{_label}:{x}";
}
