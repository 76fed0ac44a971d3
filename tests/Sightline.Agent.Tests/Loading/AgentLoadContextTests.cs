using System.Diagnostics;
using System.Runtime.Loader;
using Sightline.Agent.Loading;
using Sightline.Agent.Tests.Support;
using Sightline.Core.Plugins;

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

    [Fact]
    public void A_framework_assembly_copied_into_the_agents_folder_still_loads_from_the_framework()
    {
        var home = Directory.CreateTempSubdirectory("sightline-home-");
        try
        {
            File.Copy(typeof(Activity).Assembly.Location, Path.Combine(home.FullName, "System.Diagnostics.DiagnosticSource.dll"));
            var context = new AgentLoadContext(home.FullName);

            var diagnostics = context.LoadFromAssemblyName(new("System.Diagnostics.DiagnosticSource"));

            Assert.Same(typeof(Activity).Assembly, diagnostics);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("System.Runtime", true)]
    [InlineData("system.runtime", true)]
    [InlineData("System.Diagnostics.DiagnosticSource", true)]
    [InlineData("Runtime", false)]
    [InlineData("Diagnostics.DiagnosticSource", false)]
    [InlineData("System.Runtime.dll", false)]
    [InlineData("Google.Protobuf", false)]
    [InlineData("Sightline.Core", false)]
    public void Shared_framework_names_are_whole_trusted_file_names_under_the_shared_folder(string name, bool shared)
    {
        Assert.Equal(shared, SharedFramework.Lists(name));
    }

    [Theory]
    [InlineData("/dotnet/shared/", "System.Runtime", true)]
    [InlineData("/dotnet/shared/", "SYSTEM.RUNTIME", true)]
    [InlineData("/dotnet/shared/", "Grpc.Core.Api", false)]
    [InlineData("/dotnet/shared/", "Runtime", false)]
    [InlineData("/dotnet/shared/", "Core.Api", false)]
    [InlineData("/srv", "Grpc.Core.Api", true)]
    [InlineData("/srv", "System.Runtime", false)]
    [InlineData(null, "System.Runtime", false)]
    public void The_framework_is_what_the_trusted_list_holds_under_the_prefix(string? prefix, string name, bool listed)
    {
        // A framework-dependent app's list (the runtime under the shared folder, packages beside the app), and a
        // self-contained app's, whose prefix is its folder's parent: everything it ships counts as the framework.
        var separator = Path.PathSeparator;
        var trusted = $"/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Runtime.dll{separator}/srv/app/Grpc.Core.Api.dll{separator}/srv/app/My.Core.Api.Tools.dll";

        Assert.Equal(listed, SharedFramework.Lists(trusted, prefix, name));
    }

    [Fact]
    public void Only_assemblies_loaded_from_the_shared_folder_are_the_frameworks()
    {
        Assert.NotNull(SharedFramework.Folder);
        Assert.True(SharedFramework.Holds(typeof(object).Assembly));
        Assert.True(SharedFramework.Holds(typeof(Activity).Assembly));
        Assert.False(SharedFramework.Holds(typeof(AgentLoadContextTests).Assembly));
        Assert.False(SharedFramework.Holds(typeof(AgentLoadContext).Assembly));
    }
}
