using System.Diagnostics;
using System.Runtime.Loader;
using Sightline.Agent.Loading;
using Sightline.Agent.Tests.Support;

namespace Sightline.Agent.Tests.Loading;

public sealed class AgentLoadContextTests
{
    [Fact]
    public void The_agents_packages_load_privately_from_its_folder()
    {
        var context = new AgentLoadContext(AppPaths.AgentHome);

        var protobuf = context.LoadFromAssemblyName(new("Google.Protobuf"));

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(protobuf));
        Assert.Equal(Path.Combine(AppPaths.AgentHome, "Google.Protobuf.dll"), protobuf.Location);
    }

    [Fact]
    public void The_framework_is_shared_with_the_app_so_Activity_Current_is_one()
    {
        var context = new AgentLoadContext(AppPaths.AgentHome);

        var diagnostics = context.LoadFromAssemblyName(new("System.Diagnostics.DiagnosticSource"));

        Assert.Same(typeof(Activity).Assembly, diagnostics);
    }
}
