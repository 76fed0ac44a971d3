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
    [InlineData(false, "System.Runtime", true)]
    [InlineData(false, "SYSTEM.RUNTIME", true)]
    [InlineData(false, "Microsoft.Extensions.Logging.Abstractions", false)]
    [InlineData(false, "Grpc.Core.Api", false)]
    [InlineData(false, "Runtime", false)]
    [InlineData(false, "Core.Api", false)]
    [InlineData(true, "System.Runtime", true)]
    [InlineData(true, "Microsoft.Extensions.Logging.Abstractions", true)]
    [InlineData(true, "Grpc.Core.Api", false)]
    [InlineData(true, "Google.Protobuf", false)]
    [InlineData(true, "System.Missing", false)]
    public void The_framework_is_the_shared_folder_or_in_a_self_contained_app_its_system_and_microsoft_assemblies(bool selfContained, string name, bool listed)
    {
        // A framework-dependent app's list: the runtime under the shared folder, packages beside the app. A self-contained
        // app's: everything in its own folder, where only names tell the framework from the packages it ships.
        var separator = Path.PathSeparator;
        var trusted = selfContained
            ? string.Join(separator, "/srv/app/System.Runtime.dll", "/srv/app/Microsoft.Extensions.Logging.Abstractions.dll", "/srv/app/Grpc.Core.Api.dll", "/srv/app/Google.Protobuf.dll")
            : string.Join(separator, "/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Runtime.dll", "/srv/app/Microsoft.Extensions.Logging.Abstractions.dll", "/srv/app/Grpc.Core.Api.dll", "/srv/app/My.Core.Api.Tools.dll");

        Assert.Equal(listed, SharedFramework.Lists(trusted, selfContained ? null : "/dotnet/shared/", name));
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
