using System.Diagnostics;
using Sightline.Agent.Runtime;
using Sightline.Core.Buffering;
using Sightline.Core.Configuration;
using Sightline.Core.Logging;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Tests.Runtime;

/// <summary>The exporter made on a background thread answers for it once it exists, and not before.</summary>
public sealed class DeferredExporterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-deferred-").FullName;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task It_writes_segment_ids_only_once_its_exporter_exists_and_does(bool writes)
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Off, TextWriter.Null);
        var deferred = new DeferredExporter("test", () => new StubExporter(writes), log);
        Assert.False(deferred.WritesSegmentIds);

        deferred.Start();
        await deferred.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal(writes, deferred.WritesSegmentIds);
    }

    [Fact]
    public async Task One_that_could_not_be_created_never_does()
    {
        using var log = new AgentLog(_folder, AgentLogLevel.Off, TextWriter.Null);
        var deferred = new DeferredExporter("test", () => throw new InvalidOperationException("no backend"), log);
        deferred.Start();
        await deferred.FlushAsync(TestContext.Current.CancellationToken);
        Assert.False(deferred.WritesSegmentIds);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class StubExporter(bool writes) : ISpanExporter, ISegmentIdWriter
    {
        public string Name => "stub";

        public bool WritesSegmentIds => writes;

        public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken) => Task.FromResult(ExportResult.Success);

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
