using System.Reflection;

namespace Sightline.Patching.Tests;

/// <summary>The patch engine knows nothing about tracing (ARCHITECTURE.md).</summary>
public sealed class PatchingDependencyTests
{
    [Fact]
    public void Patching_does_not_reference_tracing_or_other_sightline_assemblies()
    {
        var patching = Assembly.Load("Sightline.Patching");
        var names = patching.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.DoesNotContain(names, n => n.StartsWith("Sightline.", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Diagnostics.DiagnosticSource", names);
    }
}
