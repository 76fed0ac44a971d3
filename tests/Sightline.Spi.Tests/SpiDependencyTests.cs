using System.Reflection;

namespace Sightline.Spi.Tests;

/// <summary>Plugin authors reference Sightline.Spi alone, so it may bring nothing but the BCL with it.</summary>
public sealed class SpiDependencyTests
{
    [Fact]
    public void Spi_references_only_the_base_class_library()
    {
        var spi = Assembly.Load("Sightline.Spi");
        var foreign = spi.GetReferencedAssemblies()
            .Select(a => a.Name ?? string.Empty)
            .Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib"))
            .ToList();
        Assert.Empty(foreign);
    }
}
