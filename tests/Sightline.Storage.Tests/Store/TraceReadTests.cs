using Sightline.Storage.Model;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Store;

/// <summary>
/// Reading several traces at once gives each trace exactly what reading it alone gives, in the order asked, an
/// empty list for an unknown id; and writes from concurrent callers, committed together, all land.
/// </summary>
public sealed class TraceReadTests
{
    private static readonly long Start = TimeUnits.NowNanos() - 60_000_000_000L;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Traces_read_together_match_traces_read_alone(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var spans = new SearchSpans("reader");
        for (ulong t = 1; t <= 5; t++)
        {
            spans.Add(t, "op", Start + ((long)t * 1_000_000), 2_000_000, [("t", t.ToString(System.Globalization.CultureInfo.InvariantCulture))], []);
        }

        await server.Store.WriteAsync(spans.Records(), Ct);
        TraceId[] ids = [SearchSpans.IdOf(4), SearchSpans.IdOf(99), SearchSpans.IdOf(1), SearchSpans.IdOf(4), SearchSpans.IdOf(2)];

        var together = await server.Store.GetTracesAsync(ids, Ct);

        Assert.Equal(ids.Length, together.Count);
        Assert.Empty(together[1]);
        for (var i = 0; i < ids.Length; i++)
        {
            var alone = await server.Store.GetTraceAsync(ids[i], Ct);
            Assert.Equal(alone.Select(s => (s.TraceId, s.Format, Convert.ToHexString(s.Payload))), together[i].Select(s => (s.TraceId, s.Format, Convert.ToHexString(s.Payload))));
        }

        Assert.Equal(2, together[0].Count);
        Assert.Empty(await server.Store.GetTracesAsync([], Ct));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Concurrent_writers_sharing_a_commit_are_all_stored_and_searchable(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(
            async () =>
            {
                var spans = new SearchSpans("concurrent");
                for (var t = 0; t < 25; t++)
                {
                    var trace = (ulong)((w * 100) + t + 1);
                    // Every writer shares the "shared" tag, so combined batches carry the same index rows twice.
                    spans.Add(trace, "op-" + w, Start + ((long)trace * 1_000_000), 1_000_000, [("shared", "yes"), ("writer", "w" + w)], []);
                }

                await server.Store.WriteAsync(spans.Records(), Ct);
            },
            Ct));
        await Task.WhenAll(writers);

        var all = await server.Store.FindTraceIdsAsync(new TraceQuery { Service = "concurrent", Tags = [new("shared", "yes")], Limit = 1000 }, Ct);
        Assert.Equal(200, all.Count);
        var one = await server.Store.FindTraceIdsAsync(new TraceQuery { Service = "concurrent", Operation = "op-3", Tags = [new("writer", "w3")], Limit = 1000 }, Ct);
        Assert.Equal(Enumerable.Range(301, 25).Reverse().Select(t => SearchSpans.IdOf((ulong)t)), one.Select(f => f.TraceId));
    }
}
