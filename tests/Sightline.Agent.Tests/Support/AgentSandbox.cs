using System.Text.Json;

namespace Sightline.Agent.Tests.Support;

/// <summary>
/// One test's agent set-up in a temp folder: a plugins folder holding the test plugin, the agent log folder and a
/// JSON-lines span file, and the environment that attaches the built agent to a child app.
/// </summary>
internal sealed class AgentSandbox : IDisposable
{
    public AgentSandbox()
    {
        Folder = Directory.CreateTempSubdirectory("sightline-agent-").FullName;
        PluginsDirectory = Directory.CreateDirectory(Path.Combine(Folder, "plugins")).FullName;
        File.Copy(AppPaths.TestPlugin, Path.Combine(PluginsDirectory, Path.GetFileName(AppPaths.TestPlugin)));
        LogDirectory = Path.Combine(Folder, "logs");
        SpansFile = Path.Combine(Folder, "spans.jsonl");
        Environment = new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = AppPaths.Agent,
            ["SIGHTLINE_PLUGINS_DIRECTORY"] = PluginsDirectory,
            ["SIGHTLINE_EXPORTERS"] = "jsonl",
            ["SIGHTLINE_JSONL_PATH"] = SpansFile,
            ["SIGHTLINE_LOG_DIRECTORY"] = LogDirectory,
            ["SIGHTLINE_BATCH_DELAY_MS"] = "50",
        };
    }

    public string Folder { get; }

    public string PluginsDirectory { get; }

    public string LogDirectory { get; }

    public string SpansFile { get; }

    public Dictionary<string, string?> Environment { get; }

    /// <summary>Everything every agent log file of this sandbox says.</summary>
    public string LogText => Directory.Exists(LogDirectory)
        ? string.Join('\n', Directory.EnumerateFiles(LogDirectory).Select(File.ReadAllText))
        : string.Empty;

    /// <summary>The names of the exported spans so far.</summary>
    public IReadOnlyList<string> SpanNames() => Spans().Select(s => s.GetProperty("name").GetString()!).ToList();

    /// <summary>The exported spans so far, as JSON.</summary>
    public IReadOnlyList<JsonElement> Spans()
    {
        if (!File.Exists(SpansFile))
        {
            return [];
        }

        using var stream = new FileStream(SpansFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var spans = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            // The exporter may be mid-line; a partial last line is read next time.
            if (line.Length > 0 && line[^1] == '}')
            {
                spans.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return spans;
    }

    /// <summary>Polls until a span named <paramref name="name"/> is exported.</summary>
    public Task<JsonElement> WaitForSpanAsync(string name, TimeSpan timeout) => PollAsync(
        () => Spans().FirstOrDefault(s => s.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } span ? (true, span) : (false, default),
        timeout,
        () => $"no span '{name}' was exported; spans: [{string.Join(", ", SpanNames())}]\nagent log:\n{LogText}");

    /// <summary>Polls until a line of the agent log contains <paramref name="text"/>; returns that line.</summary>
    public Task<string> WaitForLogLineAsync(string text, TimeSpan timeout) => PollAsync(
        () => LogText.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line ? (true, line) : (false, string.Empty),
        timeout,
        () => $"no line of the agent log says '{text}'; agent log:\n{LogText}");

    // Asks every 25 ms until the answer is found or the timeout passes; then throws with what the failure says.
    private static async Task<T> PollAsync<T>(Func<(bool Found, T Value)> find, TimeSpan timeout, Func<string> failure)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(timeout);
        while (!cancel.IsCancellationRequested)
        {
            if (find() is (true, var value))
            {
                return value;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException(failure());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file: the temp folder is cleaned by the system later.
        }
    }
}
