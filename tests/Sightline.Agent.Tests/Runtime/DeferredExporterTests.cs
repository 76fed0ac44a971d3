using System.Diagnostics;
using Sightline.Agent.Runtime;
using Sightline.Core.Buffering;
using Sightline.Core.Configuration;
using Sightline.Core.Logging;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Tests.Runtime;

/// <summary>The exporter made when the first batch needs it (or at the deadline) answers for it once it exists, and not before.</summary>
public sealed class DeferredExporterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sightline-deferred-").FullName;
    private readonly AgentLog _quiet;

    public DeferredExporterTests() => _quiet = new AgentLog(_folder, AgentLogLevel.Off, TextWriter.Null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task It_writes_segment_ids_only_once_its_exporter_exists_and_does(bool writes)
    {
        var deferred = new DeferredExporter("test", () => new StubExporter(writes), _quiet);
        Assert.False(deferred.WritesSegmentIds);

        deferred.Start();
        await deferred.ExportAsync([], TestContext.Current.CancellationToken);
        Assert.Equal(writes, deferred.WritesSegmentIds);
    }

    [Fact]
    public async Task One_that_could_not_be_created_never_does()
    {
        var deferred = new DeferredExporter("test", () => throw new InvalidOperationException("no backend"), _quiet);
        deferred.Start();
        Assert.Equal(ExportResult.PermanentFailure, await deferred.ExportAsync([], TestContext.Current.CancellationToken));
        Assert.False(deferred.WritesSegmentIds);
    }

    [Fact]
    public async Task It_is_created_at_the_first_batch_and_not_before()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);
        deferred.Start();

        // Nothing exported yet: a flush has nothing to push and does not create it either.
        await deferred.FlushAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, factory.Created);

        Assert.Equal(ExportResult.Success, await deferred.ExportAsync([], TestContext.Current.CancellationToken));
        await deferred.ExportAsync([], TestContext.Current.CancellationToken);
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public void Without_a_batch_it_is_created_at_the_deadline_so_that_a_broken_one_is_reported()
    {
        var written = new StringWriter();
        using var log = new AgentLog(_folder, AgentLogLevel.Error, written);
        var deferred = new DeferredExporter("broken", () => throw new InvalidOperationException("no backend"), log);
        deferred.Start();

        deferred.CreateAtDeadline();

        Assert.True(deferred.Created.IsCompleted);
        Assert.True(deferred.CreatedAtDeadline);
        Assert.Contains("exporter 'broken' could not be created; its spans are dropped", written.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_thread_that_exports_the_first_batch_creates_it_and_the_deadline_then_changes_nothing()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);
        deferred.Start();

        var exporting = Environment.CurrentManagedThreadId;
        var export = deferred.ExportAsync([], TestContext.Current.CancellationToken);
        Assert.Equal(exporting, factory.CreatedOn);
        Assert.Equal(ExportResult.Success, await export);

        deferred.CreateAtDeadline();
        Assert.Equal(1, factory.Created);
        Assert.False(deferred.CreatedAtDeadline);
    }

    [Fact]
    public async Task A_batch_that_came_before_the_start_is_exported_once_started()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);

        var early = deferred.ExportAsync([], TestContext.Current.CancellationToken);
        Assert.False(early.IsCompleted);
        Assert.Equal(0, factory.Created);

        deferred.Start();
        Assert.Equal(ExportResult.Success, await early.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public void One_never_started_is_not_created_at_the_deadline()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);

        deferred.CreateAtDeadline();

        Assert.Equal(0, factory.Created);
        Assert.False(deferred.Created.IsCompleted);
    }

    [Fact]
    public async Task The_agents_disposal_before_the_final_flush_leaves_a_started_one_available()
    {
        // The agent abandons its exporters before its buffer's final flush: an app that exits before its first batch
        // still has its spans exported.
        var deferred = new DeferredExporter("test", () => new StubExporter(true), _quiet);
        deferred.Start();

        deferred.Abandon();
        Assert.Equal(ExportResult.Success, await deferred.ExportAsync([], TestContext.Current.CancellationToken));
        await deferred.ShutdownAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task One_never_started_is_abandoned()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);

        deferred.Abandon();
        Assert.Equal(ExportResult.PermanentFailure, await deferred.ExportAsync([], TestContext.Current.CancellationToken));
        Assert.Equal(0, factory.Created);
    }

    [Fact]
    public async Task One_never_needed_is_not_created_to_be_shut_down()
    {
        var factory = new CountingFactory();
        var deferred = new DeferredExporter("test", factory.Create, _quiet);
        deferred.Start();

        await deferred.ShutdownAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ExportResult.PermanentFailure, await deferred.ExportAsync([], TestContext.Current.CancellationToken));
        Assert.Equal(0, factory.Created);
    }

    public void Dispose()
    {
        _quiet.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class CountingFactory
    {
        private int _created;
        private int _createdOn;

        public int Created => Volatile.Read(ref _created);

        public int CreatedOn => Volatile.Read(ref _createdOn);

        public ISpanExporter Create()
        {
            Volatile.Write(ref _createdOn, Environment.CurrentManagedThreadId);
            Interlocked.Increment(ref _created);
            return new StubExporter(true);
        }
    }

    private sealed class StubExporter(bool writes) : ISpanExporter, ISegmentIdWriter
    {
        public string Name => "stub";

        public bool WritesSegmentIds => writes;

        public Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken) => Task.FromResult(ExportResult.Success);

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
