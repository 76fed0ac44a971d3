using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Sightline.Storage.Hosting;
using Sightline.Storage.Model;
using Sightline.Storage.Tests.Conformance;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Store;

/// <summary>Retention by age: old spans, their index rows and their operations go; recent ones stay.</summary>
public sealed class RetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_purge_pass_deletes_only_spans_older_than_the_retention(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend, o => o.RetentionHours = 24);
        var request = new ExportTraceServiceRequest();
        OtlpConformanceTests.AddCall(request, "old-frontend", "old-backend", 1, DateTime.UtcNow.AddDays(-3));
        OtlpConformanceTests.AddCall(request, "new-frontend", "new-backend", 2, DateTime.UtcNow.AddMinutes(-5));
        await OtlpConformanceTests.ExportAsync(server, request);

        var deleted = await server.Services.GetRequiredService<RetentionPurger>().PurgeOnceAsync(Ct);

        Assert.Equal(2, deleted);
        Assert.Empty(await server.Store.GetTraceAsync(new TraceId(0, 1), Ct));
        Assert.Equal(2, (await server.Store.GetTraceAsync(new TraceId(0, 2), Ct)).Count);
        Assert.Equal(["new-backend", "new-frontend"], await server.Store.GetServicesAsync(Ct));
        var stillFound = await server.Store.FindTraceIdsAsync(new TraceQuery { Service = "new-frontend", Limit = 10 }, Ct);
        Assert.Single(stillFound);
    }

    [Fact]
    public async Task The_background_purger_runs_on_its_interval()
    {
        await using var server = await RunningServer.StartAsync("sqlite", o =>
        {
            o.RetentionHours = 1;
            o.PurgeIntervalMinutes = 0.01;
        });
        var request = new ExportTraceServiceRequest();
        OtlpConformanceTests.AddCall(request, "old-frontend", "old-backend", 1, DateTime.UtcNow.AddHours(-2));
        await OtlpConformanceTests.ExportAsync(server, request);

        // Waits for the observable effect (bounded), never for a wall-clock duration.
        for (var i = 0; i < 500 && (await server.Store.GetTraceAsync(new TraceId(0, 1), Ct)).Count > 0; i++)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Empty(await server.Store.GetTraceAsync(new TraceId(0, 1), Ct));
    }
}
