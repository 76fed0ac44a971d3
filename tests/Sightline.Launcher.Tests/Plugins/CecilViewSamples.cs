namespace Sightline.Launcher.Tests.Plugins;

/// <summary>Types whose metadata the Cecil view tests read and compare with reflection.</summary>
public static class CecilViewSamples
{
    public interface IMarked : IDisposable
    {
    }

    public class Inner<T> : List<T>, IMarked
    {
        public void Take(ref int count, string[] names, List<int> values, in long limit, T item)
        {
        }

        public void Dispose()
        {
        }
    }

    public class Base
    {
        public virtual string Describe() => "base";

        public void Shared()
        {
        }
    }

    public sealed class Derived : Base
    {
        public override string Describe() => "derived";
    }
}
