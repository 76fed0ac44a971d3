using System.Runtime.CompilerServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>A value type with an instance method that changes its own state.</summary>
public struct Counter
{
    public int Value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Increment(int by)
    {
        Value += by;
        return Value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override readonly string ToString() => $"Counter({Value})";
}

/// <summary>Larger than 16 bytes: returned through a hidden buffer on SysV x64.</summary>
public struct Big
{
    public long A;
    public long B;
    public long C;
    public long D;
}

public sealed class BigFactory(long seed)
{
    private readonly long _seed = seed;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Big Make(int x) => new() { A = x, B = _seed, C = x + _seed, D = 4 };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Big MakeStatic(int x) => new() { A = x, B = 2, C = 3, D = 4 };
}

public class Animal
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public virtual string Speak() => "...";
}

public sealed class Dog : Animal
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override string Speak() => "woof";
}

public sealed class Widget
{
    public Widget(string name, int size)
    {
        Name = name;
        Size = size;
    }

    public string Name { get; set; }

    public int Size { get; }
}

public abstract class Shape
{
    public abstract double Area();
}

public sealed class Box<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Echo(T value) => value;
}

public static class Generic
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Identity<T>(T value) => value;
}

public class Vehicle
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Wheels() => 4;
}

public sealed class Truck : Vehicle;
