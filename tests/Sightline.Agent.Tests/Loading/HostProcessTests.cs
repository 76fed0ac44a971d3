using Sightline.Agent.Loading;

namespace Sightline.Agent.Tests.Loading;

public sealed class HostProcessTests
{
    [Theory]
    [InlineData("/usr/share/dotnet/sdk/10.0.100/dotnet.dll", true)]
    [InlineData("/usr/share/dotnet/sdk/10.0.100/MSBuild.dll", true)]
    [InlineData("/usr/share/dotnet/sdk/10.0.100/Roslyn/bincore/VBCSCompiler.dll", true)]
    [InlineData("/srv/shop/Shop.Storefront.dll", false)]
    [InlineData("/usr/share/dotnet/sdkx/app.dll", false)]
    public void Only_the_SDKs_own_processes_count_as_tooling(string entry, bool tooling) =>
        Assert.Equal(tooling, HostProcess.IsUnderSdk(entry, "/usr/share/dotnet"));

    [Fact]
    public void The_test_host_is_not_tooling() => Assert.False(HostProcess.IsDotnetTooling(typeof(HostProcessTests).Assembly.Location));
}
