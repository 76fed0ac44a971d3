using System.Net;
using System.Net.Sockets;
using Shop.Demo;
using Sightline.Demo.Tests.Support;

namespace Sightline.Demo.Tests;

/// <summary>The demo command's options and ports: bad input is refused with a message and starts nothing.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task A_bad_option_stops_the_command_with_exit_code_2_and_a_message_naming_it()
    {
        using var demo = DemoChild.Start("--orders", "many");
        var code = await demo.WaitForExitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains("--orders 'many': expected a whole number from 0 to 1000.", demo.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting", demo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_are_read_from_the_command_line()
    {
        var options = DemoOptions.Parse(["--orders", "3", "--lookups", "0", "--refunds", "1", "--exit", "--ui-port", "17000", "--otlp-port", "17001", "--free-ports", "--duration", "5"]);
        Assert.Equal(new DemoOptions { Orders = 3, Lookups = 0, Refunds = 1, Exit = true, UiPort = 17000, OtlpPort = 17001, FreePorts = true, DurationSeconds = 5 }, options);
        Assert.Equal(new DemoOptions(), DemoOptions.Parse([]));
    }

    [Theory]
    [InlineData(new[] { "--orderz", "3" }, "unknown option '--orderz'")]
    [InlineData(new[] { "--orders" }, "--orders needs a value")]
    [InlineData(new[] { "--orders", "--exit" }, "--orders needs a value")]
    [InlineData(new[] { "--orders", "-1" }, "--orders '-1': expected a whole number from 0 to 1000")]
    [InlineData(new[] { "--ui-port", "0" }, "--ui-port '0': expected a port number from 1 to 65535")]
    [InlineData(new[] { "--otlp-port", "70000" }, "--otlp-port '70000': expected a port number from 1 to 65535")]
    [InlineData(new[] { "--orders", "2", "--refunds", "3" }, "--refunds 3: a refund needs an order, and only 2 are placed")]
    public void A_bad_option_is_refused_with_its_name_and_value(string[] args, string message)
    {
        var error = Assert.Throws<DemoException>(() => DemoOptions.Parse(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_taken_port_is_replaced_by_a_free_one_and_the_demo_says_so()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        var notes = new List<string>();
        var ports = DemoPorts.Choose(new DemoOptions { UiPort = taken, FreePorts = true }, notes);

        Assert.NotEqual(taken, ports.Ui);
        var note = Assert.Single(notes);
        Assert.Contains($"port {taken} (web UI and query API) is in use", note, StringComparison.Ordinal);
        Assert.Contains($"using {ports.Ui} instead", note, StringComparison.Ordinal);
        int[] all = [ports.Ui, ports.OtlpHttp, ports.OtlpGrpc, ports.JaegerGrpc, ports.Storefront, ports.Inventory, ports.Payment];
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, p => Assert.True(DemoPorts.IsFree(p), $"port {p} was chosen but is taken"));
    }
}
