using System.Diagnostics.Tracing;
using Sightline.Core.Configuration;
using Sightline.Core.Logging;

namespace Sightline.Core.Tests.Logging;

public sealed class AgentLogTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-log-").FullName;
    private readonly StringWriter _stderr = new();

    [Fact]
    public void Writes_lines_at_or_above_its_level_and_errors_also_to_standard_error()
    {
        string path;
        using (var log = new AgentLog(_folder, AgentLogLevel.Information, _stderr))
        {
            log.Debug("hidden detail");
            log.Info("started");
            log.Error("export failed", new InvalidOperationException("backend down"));
            path = log.FilePath!;
        }

        var text = File.ReadAllText(path);
        Assert.Equal(Path.Combine(_folder, $"sightline-{Environment.ProcessId}.log"), path);
        Assert.DoesNotContain("hidden detail", text, StringComparison.Ordinal);
        Assert.Contains("INFO  [", text, StringComparison.Ordinal);
        Assert.Contains("started", text, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: backend down", text, StringComparison.Ordinal);
        Assert.Equal("Sightline: export failed (InvalidOperationException: backend down)", _stderr.ToString().Trim());
    }

    [Fact]
    public void Once_writes_a_repeated_failure_a_single_time()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Debug, _stderr);
        for (var i = 0; i < 5; i++)
        {
            log.Once("plugin-x", AgentLogLevel.Warning, "plugin x failed");
        }

        log.Dispose();
        Assert.Single(File.ReadAllLines(log.FilePath!), l => l.Contains("plugin x failed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unwritable_folder_falls_back_to_the_temp_folder_and_says_so()
    {
        var notAFolder = Path.Combine(_folder, "file");
        File.WriteAllText(notAFolder, "x");

        using var log = new AgentLog(notAFolder, AgentLogLevel.Information, _stderr);

        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "sightline"), log.FilePath, StringComparison.Ordinal);
        Assert.Contains("cannot write the agent log in " + notAFolder, _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Off_writes_nothing_at_all()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Off, _stderr);
        log.Error("nobody hears this");

        Assert.Null(log.FilePath);
        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal(string.Empty, _stderr.ToString());
    }

    [Fact]
    public void The_bridge_writes_sightline_event_sources_and_ignores_others()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Information, _stderr);
        using var bridge = new EventSourceLogBridge(log);
        using var ours = new TestSource("Sightline-Test");
        using var theirs = new TestSource("Somebody-Else");

        ours.Patched("Calculator.Twice");
        theirs.Patched("Not.Ours");
        log.Dispose();

        var text = File.ReadAllText(log.FilePath!);
        Assert.Contains("Sightline-Test: patched Calculator.Twice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Not.Ours", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stderr.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class TestSource(string name) : EventSource(name)
    {
        [Event(1, Level = EventLevel.Informational, Message = "patched {0}")]
        public void Patched(string method) => WriteEvent(1, method);
    }
}
