using System.Reflection;

namespace Sightline.Agent.Tests;

/// <summary>The agent shares nothing with the storage server but wire formats (ARCHITECTURE.md).</summary>
public sealed class AgentDependencyTests
{
    [Theory]
    [InlineData("Sightline.Agent")]
    [InlineData("Sightline.Agent.Runtime")]
    public void Agent_does_not_reference_the_storage_server(string assembly)
    {
        var agent = Assembly.Load(assembly);
        var names = agent.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.DoesNotContain("Sightline.Storage", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
