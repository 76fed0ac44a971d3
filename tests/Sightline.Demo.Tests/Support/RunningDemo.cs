using System.Globalization;
using System.Text.RegularExpressions;

namespace Sightline.Demo.Tests.Support;

/// <summary>
/// One run of the demo command, as a child process on free ports, left running (no <c>--exit</c>) so the tests read
/// what it stored through the storage server's query API. What the tests need is read while it runs; stopping it
/// (SIGTERM, as Ctrl+C) is a test of its own, and disposal kills whatever is left.
/// </summary>
public sealed partial class RunningDemo : IAsyncLifetime
{
    public const int Orders = 4;
    public const int Refunds = 1;

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private DemoChild? _demo;
    private Task<int>? _stop;

    public string Output => _demo?.Output ?? string.Empty;

    /// <summary>The pid of each process the demo said it started.</summary>
    public IReadOnlyList<int> ChildPids { get; private set; } = [];

    /// <summary>Every port the demo said it uses.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; private set; } = new Dictionary<string, int>();

    /// <summary>The storefront's traces of <c>POST /orders</c> found by searching the storage server.</summary>
    internal IReadOnlyList<StoredTrace> OrderTraces { get; private set; } = [];

    /// <summary>The storefront's traces of the refund endpoint found by searching the storage server.</summary>
    internal IReadOnlyList<StoredTrace> RefundTraces { get; private set; } = [];

    /// <summary>The two traces the demo printed, read back by id.</summary>
    internal StoredTrace? PrintedOrder { get; private set; }

    internal StoredTrace? PrintedRefund { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        _demo = DemoChild.Start("--free-ports", "--orders", Orders.ToString(CultureInfo.InvariantCulture), "--lookups", "2", "--refunds", Refunds.ToString(CultureInfo.InvariantCulture));
        try
        {
            await ReadWhileRunningAsync(_demo, cancel);
        }
        catch
        {
            _demo.Dispose();
            throw;
        }
    }

    /// <summary>Stops the demo with SIGTERM once, and returns its exit code.</summary>
    public Task<int> StopAsync() => _stop ??= _demo!.TerminateAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

    public string Describe() => _demo?.Describe() ?? string.Empty;

    public ValueTask DisposeAsync()
    {
        _demo?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadWhileRunningAsync(DemoChild demo, CancellationToken cancel)
    {
        await demo.WaitForLineAsync("Running until Ctrl+C", RunTimeout, cancel);
        var output = demo.Output;
        ChildPids = [.. PidPattern().Matches(output).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Ports = PortPattern().Matches(PortsLine().Match(output).Value).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(Ports.ContainsKey("ui"), "the demo printed no ports line" + demo.Describe());

        using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Ports["ui"]}/"), Timeout = TimeSpan.FromSeconds(60) };
        OrderTraces = StoredTrace.ReadAll(await query.GetStringAsync("api/traces?service=storefront&operation=" + Uri.EscapeDataString("POST /orders") + "&limit=100", cancel));
        RefundTraces = StoredTrace.ReadAll(await query.GetStringAsync("api/traces?service=storefront&operation=" + Uri.EscapeDataString("POST /orders/{id}/refund") + "&limit=100", cancel));
        PrintedOrder = await ReadPrintedAsync(query, OrderPattern(), output, cancel);
        PrintedRefund = await ReadPrintedAsync(query, RefundPattern(), output, cancel);
    }

    private static async Task<StoredTrace?> ReadPrintedAsync(HttpClient query, Regex pattern, string output, CancellationToken cancel)
    {
        var match = pattern.Match(output);
        return match.Success
            ? StoredTrace.ReadAll(await query.GetStringAsync("api/traces/" + match.Groups[1].Value, cancel)).SingleOrDefault()
            : null;
    }

    [GeneratedRegex(@"\bpid (\d+)\b")]
    private static partial Regex PidPattern();

    [GeneratedRegex(@"^  ports: .*$", RegexOptions.Multiline)]
    private static partial Regex PortsLine();

    [GeneratedRegex(@"([a-z-]+) (\d+)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"^One order \(POST /orders\), trace ([0-9a-f]{32})", RegexOptions.Multiline)]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"^One refund \(POST /orders/\{id\}/refund → 500\), trace ([0-9a-f]{32})", RegexOptions.Multiline)]
    private static partial Regex RefundPattern();
}
