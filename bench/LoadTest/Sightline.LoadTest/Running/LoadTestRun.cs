using System.Diagnostics;
using Sightline.LoadTest.Measuring;
using Sightline.LoadTest.Receiving;
using Sightline.LoadTest.Reporting;

namespace Sightline.LoadTest.Running;

/// <summary>
/// One load test from build to report: the downstream services and the receiver on the load CPU, cold starts of each
/// configuration, then one long-lived storefront per configuration on the app CPU, warmed up and measured in
/// alternation. Disposing it stops every process it started, whatever happened.
/// </summary>
public sealed class LoadTestRun(LoadTestOptions options, string root, TextWriter output) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly string _work = Directory.CreateTempSubdirectory("sightline-loadtest-").FullName;
    private readonly List<ChildProcess> _children = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private SpanReceiver? _receiver;
    private bool _succeeded;

    public async Task<LoadTestReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var build = await ShopBuild.PrepareAsync(root, options, output, cancellationToken);
        _receiver = await SpanReceiver.StartAsync(["B", "C"], cancellationToken);
        var inventory = await StartDownstreamAsync("inventory", build.Inventory, $"Shop__DatabasePath={Path.Combine(_work, "inventory.db")}", http: true, cancellationToken);
        var payment = await StartDownstreamAsync("payment", build.Payment, null, http: false, cancellationToken);
        var downstream = new Dictionary<string, string>
        {
            ["Shop__InventoryUrl"] = $"http://127.0.0.1:{inventory}",
            ["Shop__PaymentUrl"] = $"http://127.0.0.1:{payment}",
        };

        var clock = Stopwatch.StartNew();
        output.WriteLine($"This run takes about {options.EstimatedSeconds / 60:F1} min from here; load average now {loadBefore}.");
        var starts = new Dictionary<string, List<double>> { ["A"] = [], ["B"] = [], ["C"] = [] };
        if (options.Starts > 0)
        {
            output.Write($"Cold starts to the first answered GET /products/1 ({options.Starts} of each, in turn):");
            for (var i = 0; i < options.Starts; i++)
            {
                foreach (var configuration in Configurations(build, downstream, "agent-logs-starts"))
                {
                    var milliseconds = await ColdStartAsync(configuration, cancellationToken);
                    starts[configuration.Key].Add(milliseconds);
                    output.Write($" {configuration.Key} {milliseconds:F0}");
                }
            }

            output.WriteLine(" ms");
        }

        var configurations = Configurations(build, downstream, "agent-logs");
        var storefronts = new Dictionary<string, (ChildProcess Process, int Port)>();
        var sent = new Dictionary<string, long>();
        foreach (var configuration in configurations)
        {
            var port = FreePort.Next();
            var process = StartStorefront(configuration, port, "storefront-" + configuration.Key);
            await WaitForAsync(process, port, cancellationToken);
            storefronts[configuration.Key] = (process, port);
            sent[configuration.Key] = 1;
        }

        var spansBefore = configurations.ToDictionary(c => c.Key, c => c.Key == "A" ? 0 : _receiver.Tally(c.Key).Spans);
        var wrk = new WrkRunner(Path.Combine(AppContext.BaseDirectory, "Scripts", options.Mix + ".lua"), options.Threads, options.Connections, options.LoadCpu);
        if (options.Warmup > 0)
        {
            output.Write($"Warm-up, {options.Warmup} s each:");
            foreach (var configuration in configurations)
            {
                var warm = await wrk.RunAsync(storefronts[configuration.Key].Port, options.Warmup, cancellationToken);
                sent[configuration.Key] += warm.Requests;
                output.Write($" {configuration.Key} {warm.RequestsPerSecond:F0} req/s");
            }

            output.WriteLine();
        }

        var rounds = new List<RoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            output.Write($"Round {round}/{options.Rounds}:");
            foreach (var configuration in configurations)
            {
                var (process, port) = storefronts[configuration.Key];
                if (options.RoundWarmup > 0)
                {
                    sent[configuration.Key] += (await wrk.RunAsync(port, options.RoundWarmup, cancellationToken)).Requests;
                }

                var before = ProcessCpu.Sample(process.Id, configuration.BackgroundThreads);
                var gcBefore = GcSample.Read(configuration.GcFile);
                var window = Stopwatch.StartNew();
                var result = await wrk.RunAsync(port, options.Duration, cancellationToken);
                var cpu = ProcessCpu.Sample(process.Id, configuration.BackgroundThreads) - before;
                var gc = GcSample.Read(configuration.GcFile) - gcBefore;
                var measured = new RoundResult(configuration.Key, round, result, cpu, window.Elapsed.TotalSeconds) { Gc = gc };
                rounds.Add(measured);
                sent[configuration.Key] += result.Requests;
                output.Write($"  {configuration.Key} {result.RequestsPerSecond:F0} req/s p99 {result.P99Ms:F1} ms {measured.CpuPerRequest * 1e6:F0} µs CPU/req");
            }

            output.WriteLine();
        }

        // A graceful stop lets both exporters flush, so the receiver's count is complete.
        output.Write("Stopping the storefronts (the exporters flush) ...");
        foreach (var (process, _) in storefronts.Values)
        {
            await process.StopAsync(StopGrace);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        output.WriteLine(" done");
        var exports = configurations.Where(c => c.Key != "A").ToDictionary(
            c => c.Key,
            c => new ExportCount(_receiver.Tally(c.Key).Spans - spansBefore[c.Key], sent[c.Key], _receiver.Tally(c.Key).Rejected));
        _succeeded = true;
        return new LoadTestReport(
            options,
            startedAt,
            loadBefore,
            MachineInfo.LoadAverage(),
            MachineInfo.Describe(),
            MachineInfo.SourceVersion(root),
            clock.Elapsed,
            configurations.Select(c => c.Title).ToList(),
            rounds,
            starts,
            exports,
            AgentPipelineStatus.Last(Path.Combine(_work, "agent-logs")));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _children.Count - 1; i >= 0; i--)
        {
            _children[i].Dispose();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        _http.Dispose();
        if (_succeeded)
        {
            Directory.Delete(_work, recursive: true);
        }
        else
        {
            output.WriteLine($"The logs of every process are kept in {_work}");
        }
    }

    private List<ShopConfiguration> Configurations(ShopBuild build, Dictionary<string, string> downstream, string agentLogs)
    {
        // Every storefront carries the GC probe; B's agent comes first in the hook list.
        Dictionary<string, string> With(string configuration, params (string Key, string Value)[] settings)
        {
            var environment = new Dictionary<string, string>(downstream)
            {
                ["Logging__LogLevel__Default"] = "Warning",
                ["Shop__RestockIntervalSeconds"] = "86400",
                ["DOTNET_STARTUP_HOOKS"] = GcProbe.HookPath,
                [GcProbe.FileVariable] = Path.Combine(_work, $"gc-{configuration}.txt"),
            };
            foreach (var (key, value) in settings)
            {
                environment[key] = value;
            }

            return environment;
        }

        var logs = Path.Combine(_work, agentLogs);
        return
        [
            new("A", "bare", build.Storefront, With("A"), []),
            new("B", "Sightline agent", build.Storefront, With(
                "B",
                ("DOTNET_STARTUP_HOOKS", build.Agent + Path.PathSeparator + GcProbe.HookPath),
                ("OTEL_SERVICE_NAME", "storefront"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", _receiver!.Endpoint("B").ToString()),
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                ("SIGHTLINE_LOG_DIRECTORY", logs)), ["Sightline."]) { AgentLogDirectory = logs },
            new("C", "OpenTelemetry SDK", build.StorefrontOpenTelemetry, With(
                "C",
                ("OTEL_SERVICE_NAME", "storefront"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", _receiver!.Endpoint("C").ToString()),
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")), ["OpenTelemetry"]),
        ];
    }

    private async Task<int> StartDownstreamAsync(string name, string dll, string? setting, bool http, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        if (setting?.Split('=', 2) is [var key, var value])
        {
            environment[key] = value;
        }

        var process = Track(ChildProcess.Start(name, options.LoadCpu, "dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], environment, Path.Combine(_work, name + ".log")));
        await WaitForAsync(process, port, cancellationToken, http ? "/products/1" : null);
        return port;
    }

    private ChildProcess StartStorefront(ShopConfiguration configuration, int port, string logName) =>
        Track(ChildProcess.Start(configuration.ToString(), options.AppCpu, "dotnet", [configuration.Dll, "--urls", $"http://127.0.0.1:{port}"], configuration.Environment, Path.Combine(_work, logName + ".log")));

    // From the process start to the first 200 answer of GET /products/1 (through the inventory); then killed.
    private async Task<double> ColdStartAsync(ShopConfiguration configuration, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var clock = Stopwatch.StartNew();
        // Tracked like every child: if it never answers, disposing the run kills it.
        var process = StartStorefront(configuration, port, "starts-" + configuration.Key);
        await WaitForAsync(process, port, cancellationToken);
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        process.Dispose();
        _children.Remove(process);
        return milliseconds;
    }

    private async Task WaitForAsync(ChildProcess process, int port, CancellationToken cancellationToken, string? path = "/products/1")
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await AnswersAsync(port, path, cancellationToken))
            {
                return;
            }

            if (process.HasExited || deadline.Elapsed > ReadyTimeout)
            {
                var why = process.HasExited ? $"exited with code {process.ExitCode}" : $"did not answer within {ReadyTimeout.TotalSeconds:F0} s";
                throw new LoadTestException($"{process.Name} {why}; its last lines:\n{process.Tail()}");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    // An HTTP 200 for path, or (path null: the gRPC-only payment service) an accepted TCP connection.
    private async Task<bool> AnswersAsync(int port, string? path, CancellationToken cancellationToken)
    {
        try
        {
            if (path is null)
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
                return true;
            }

            using var response = await _http.GetAsync($"http://127.0.0.1:{port}{path}", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        _children.Add(process);
        return process;
    }
}
