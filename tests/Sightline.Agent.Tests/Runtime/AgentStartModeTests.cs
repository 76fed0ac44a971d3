using Microsoft.Extensions.Hosting;
using Sightline.Agent.Runtime;

namespace Sightline.Agent.Tests.Runtime;

/// <summary>SIGHTLINE_START_MODE, and what "auto" picks for an application.</summary>
public sealed class AgentStartModeTests
{
    // Microsoft.Extensions.Hosting.dll references Microsoft.Extensions.Hosting.Abstractions: an app with a host does.
    private static readonly System.Reflection.Assembly HostApp = typeof(HostApplicationBuilder).Assembly;

    // System.Private.CoreLib references nothing: a plain console app as far as the rule goes.
    private static readonly System.Reflection.Assembly PlainApp = typeof(object).Assembly;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" Auto ")]
    public void Auto_picks_the_host_start_for_an_application_with_a_generic_host(string? value)
    {
        Assert.Equal((AgentStartMode.Host, null), Read(value, HostApp));
        Assert.Equal((AgentStartMode.FirstCall, null), Read(value, PlainApp));
        Assert.Equal((AgentStartMode.FirstCall, null), Read(value, entry: null));
    }

    [Theory]
    [InlineData("host", AgentStartMode.Host)]
    [InlineData("FIRST-CALL", AgentStartMode.FirstCall)]
    [InlineData("synchronous", AgentStartMode.Synchronous)]
    public void An_explicit_mode_wins_over_auto(string value, AgentStartMode expected)
    {
        Assert.Equal((expected, null), Read(value, HostApp));
        Assert.Equal((expected, null), Read(value, PlainApp));
    }

    [Fact]
    public void A_value_not_understood_says_so_and_falls_back_to_auto()
    {
        var (mode, problem) = Read("fast", HostApp);

        Assert.Equal(AgentStartMode.Host, mode);
        Assert.Equal("SIGHTLINE_START_MODE='fast' is not one of auto, host, first-call, synchronous; using auto (host).", problem);
    }

    private static (AgentStartMode Mode, string? Problem) Read(string? value, System.Reflection.Assembly? entry)
    {
        var mode = AgentStartModes.Read(name => name == AgentStartModes.Variable ? value : null, entry, out var problem);
        return (mode, problem);
    }
}
