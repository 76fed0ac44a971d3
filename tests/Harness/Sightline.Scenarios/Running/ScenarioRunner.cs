using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sightline.Scenarios.Collecting;
using Sightline.Scenarios.Definition;
using Sightline.Scenarios.Expectations;
using Sightline.Scenarios.Verifying;

namespace Sightline.Scenarios.Running;

/// <summary>
/// Runs a scenario as a user would run its apps: builds them, starts each with <c>dotnet app.dll</c> and the agent
/// attached through <c>DOTNET_STARTUP_HOOKS</c> exporting OTLP to a real receiver, sends the requests, stops the apps
/// (so the agent's exit flush runs), and compares what arrived with the expected segments.
/// </summary>
public sealed class ScenarioRunner(ScenarioOptions options)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs every version of the scenario (or the one build when it has no version matrix).</summary>
    public async Task<IReadOnlyList<ScenarioRun>> RunAllAsync(ScenarioDefinition scenario, CancellationToken cancellationToken = default)
    {
        var runs = new List<ScenarioRun>();
        foreach (var version in scenario.Versions?.Values.Select(v => (string?)v) ?? [null])
        {
            runs.Add(await RunAsync(scenario, version, cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }

    /// <summary>Runs the scenario once, against <paramref name="version"/> when it has a version matrix.</summary>
    /// <exception cref="ScenarioException">An app does not build or start; the expected-data file is invalid.</exception>
    public async Task<ScenarioRun> RunAsync(ScenarioDefinition scenario, string? version, CancellationToken cancellationToken = default)
    {
        var expected = ExpectedDataLoader.Load(Path.Combine(scenario.Folder, scenario.Expected));
        var work = Directory.CreateDirectory(Path.Combine(options.WorkRoot, $"{scenario.Name}-{version ?? "default"}-{Guid.NewGuid():N}"[..^24])).FullName;
        var properties = scenario.Versions is { } matrix && version is not null
            ? new Dictionary<string, string> { [matrix.Property] = version }
            : new Dictionary<string, string>();

        var built = new Dictionary<string, string>();
        foreach (var app in scenario.Apps)
        {
            options.Log($"{scenario.Name}: building {app.Name}{(version is null ? string.Empty : " for " + version)}");
            built[app.Name] = await AppBuilder.BuildAsync(Path.Combine(scenario.Folder, app.Project), Path.Combine(work, "build", app.Name), properties, cancellationToken).ConfigureAwait(false);
        }

        await using var collector = await OtlpCollector.StartAsync().ConfigureAwait(false);
        var urls = scenario.Apps.ToDictionary(a => a.Name, _ => new Uri($"http://127.0.0.1:{FreePort()}"));
        var processes = new List<(AppDefinition App, AppProcess Process)>();
        var outputs = new Dictionary<string, string>();
        var problems = new List<string>();
        try
        {
            foreach (var app in scenario.Apps)
            {
                options.Log($"{scenario.Name}: starting {app.Name} on {urls[app.Name]}");
                var environment = Environment(scenario, app, collector, urls, work);
                processes.Add((app, AppProcess.Start("dotnet", [built[app.Name], "--urls", urls[app.Name].ToString().TrimEnd('/')], environment, Path.GetDirectoryName(built[app.Name]))));
            }

            foreach (var (app, process) in processes)
            {
                await WaitUntilReadyAsync(app, process, urls[app.Name], cancellationToken).ConfigureAwait(false);
            }

            foreach (var request in scenario.Requests)
            {
                var app = request.App.Length > 0 ? request.App : scenario.Apps[0].Name;
                if (await SendAsync(request, urls[app], cancellationToken).ConfigureAwait(false) is { } problem)
                {
                    problems.Add(problem);
                }
            }

            // Stopping is what users do too: the agent flushes at exit, so nothing is left queued.
            foreach (var (app, process) in processes)
            {
                var code = await process.StopAsync(StopTimeout, cancellationToken).ConfigureAwait(false);
                if (code != 0 && code != 143)
                {
                    problems.Add($"app {app.Name} exited with {code}{process.Describe()}");
                }
            }

            await collector.WaitForQuietAsync(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (app, process) in processes)
            {
                outputs[app.Name] = process.Output;
                process.Dispose();
            }
        }

        var spans = collector.Spans;
        var result = SegmentVerifier.Verify(expected, spans);

        // Whatever the expectations say, an agent that traces its own exports would flood every backend.
        var own = spans.Where(s => s.Tags.TryGetValue("url.full", out var url) && url.StartsWith(collector.Endpoint.ToString().TrimEnd('/'), StringComparison.Ordinal)).ToList();
        if (own.Count > 0)
        {
            problems.Add($"the agent traced {own.Count} of its own export request(s), e.g. {own[0]}");
        }

        if (problems.Count > 0)
        {
            result = new VerificationResult(false, string.Join('\n', problems) + "\n" + result.Report);
        }

        var logs = scenario.Apps.ToDictionary(a => a.Name, a => ReadLogs(Path.Combine(work, "logs", a.Name)));
        if (!result.Passed)
        {
            result = result with { Report = result.Report + AgentLogs(work) };
        }
        else
        {
            TryDelete(work);
        }

        return new ScenarioRun(scenario.Name, version, result, spans) { Outputs = outputs, AgentLogs = logs };
    }

    private Dictionary<string, string?> Environment(ScenarioDefinition scenario, AppDefinition app, OtlpCollector collector, Dictionary<string, Uri> urls, string work)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = options.AgentPath,
            ["OTEL_SERVICE_NAME"] = app.ServiceName,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["SIGHTLINE_EXPORTERS"] = "otlp",
            ["SIGHTLINE_BATCH_DELAY_MS"] = "200",
            ["SIGHTLINE_LOG_DIRECTORY"] = Path.Combine(work, "logs", app.Name),
            ["SIGHTLINE_LOG_LEVEL"] = "debug",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (app.Http2)
        {
            environment["Kestrel__EndpointDefaults__Protocols"] = "Http2";
        }

        foreach (var (key, value) in scenario.Environment.Concat(app.Environment))
        {
            environment[key] = Expand(value, urls, work);
        }

        return environment;
    }

    private static string Expand(string value, Dictionary<string, Uri> urls, string work)
    {
        var expanded = value.Replace("{work}", work, StringComparison.Ordinal);
        foreach (var (name, url) in urls)
        {
            expanded = expanded.Replace("{url:" + name + "}", url.ToString().TrimEnd('/'), StringComparison.Ordinal);
        }

        return expanded;
    }

    private async Task WaitUntilReadyAsync(AppDefinition app, AppProcess process, Uri url, CancellationToken cancellationToken)
    {
        using var client = Client(url, app.Http2);
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new ScenarioException($"app {app.Name} exited with {process.ExitCode} before it answered{process.Describe()}");
            }

            try
            {
                using var response = await client.GetAsync(app.Ready, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new ScenarioException($"app {app.Name} did not answer {app.Ready} within {options.StartTimeout.TotalSeconds:0} s{process.Describe()}");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> SendAsync(RequestDefinition request, Uri url, CancellationToken cancellationToken)
    {
        using var client = Client(url, http2: false);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, request.ContentType);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            options.Log($"{request} -> {(int)response.StatusCode}");
            return request.Status is { } status && (int)response.StatusCode != status
                ? $"request {request} answered {(int)response.StatusCode} {response.StatusCode}, expected {status}"
                : null;
        }
        catch (HttpRequestException ex)
        {
            return $"request {request} failed: {ex.Message}";
        }
    }

    private static HttpClient Client(Uri url, bool http2) => new()
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static string AgentLogs(string work)
    {
        var logs = Path.Combine(work, "logs");
        if (!Directory.Exists(logs))
        {
            return "\n(no agent log was written)";
        }

        var text = new StringBuilder("\nAgent logs (warnings and errors):\n");
        foreach (var file in Directory.EnumerateFiles(logs, "*.log", SearchOption.AllDirectories))
        {
            text.Append("  ").Append(Path.GetRelativePath(work, file)).Append(":\n");
            foreach (var line in File.ReadLines(file).Where(l => l.Contains(" WARN ", StringComparison.Ordinal) || l.Contains(" ERROR ", StringComparison.Ordinal) || l.Contains(" started ", StringComparison.Ordinal)).Take(40))
            {
                text.Append("    ").Append(line).Append('\n');
            }
        }

        return text.Append("Work folder kept: ").Append(work).ToString();
    }

    private static string ReadLogs(string folder) =>
        Directory.Exists(folder)
            ? string.Concat(Directory.EnumerateFiles(folder, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText))
            : string.Empty;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by an exiting child; the temp folder is cleaned later.
        }
    }
}
