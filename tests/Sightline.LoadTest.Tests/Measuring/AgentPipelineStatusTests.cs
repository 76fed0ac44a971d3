using Sightline.LoadTest.Measuring;

namespace Sightline.LoadTest.Tests.Measuring;

public sealed class AgentPipelineStatusTests
{
    [Fact]
    public void The_last_status_line_of_the_agent_logs_is_read()
    {
        var folder = Directory.CreateTempSubdirectory("sightline-loadtest-tests-").FullName;
        try
        {
            // The agent's log format (AgentLog, PipelineStatusLog, SpanPipelineSnapshot.ToString).
            File.WriteAllLines(Path.Combine(folder, "sightline-4242.log"),
            [
                "2026-11-24T09:23:24.006Z INFO  [1] Sightline 1.0.0 started for service 'storefront' in 151 ms: 12 plugin(s) on, exporting to otlp",
                "2026-11-24T09:24:24.010Z INFO  [9] sightline pipeline: spans created=1000 finished=1000 exported=990 dropped=0 queued=10 export failures=0 retries=0",
                "2026-11-24T09:25:24.010Z INFO  [9] sightline pipeline: spans created=5000 finished=4999 exported=4700 dropped=42 queued=257 export failures=1 retries=1",
                "2026-11-24T09:25:30.000Z WARN  [1] something else",
            ]);

            var status = AgentPipelineStatus.Last(folder);

            Assert.NotNull(status);
            Assert.Equal((5000, 4999, 4700, 42, 257), (status.Created, status.Finished, status.Exported, status.Dropped, status.Queued));
            Assert.Null(AgentPipelineStatus.Last(Path.Combine(folder, "missing")));
            Assert.Null(AgentPipelineStatus.Parse("sightline pipeline: spans created=x"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
