using System.Runtime.InteropServices;
using Sightline.Agent.Loading;

namespace Sightline.Agent.Tests.Loading;

public sealed class RuntimeSupportTests
{
    [Fact]
    public void This_runtime_is_supported() =>
        Assert.Null(RuntimeSupport.Check(Environment.Version, RuntimeInformation.OSArchitecture, OperatingSystem.IsLinux()));

    [Theory]
    [InlineData(8, Architecture.X64, true, "needs .NET 10 or later and this runtime is 8.0")]
    [InlineData(10, Architecture.Arm64, true, "x64 only for now and this process is Arm64")]
    [InlineData(10, Architecture.X64, false, "Linux only")]
    public void Older_runtimes_other_architectures_and_other_systems_are_refused_with_the_reason(int major, Architecture architecture, bool linux, string reason) =>
        Assert.Contains(reason, RuntimeSupport.Check(new Version(major, 0), architecture, linux), StringComparison.Ordinal);
}
