using Sightline.Storage.Model;
using Sightline.Storage.Tests.Infrastructure;

namespace Sightline.Storage.Tests.Store;

/// <summary>
/// Searches through the tag index against a model of the data: a tag on thousands of traces (the index probe gives
/// up and the service's spans are walked), rare tags, operations, tags that must sit on one span, durations, and
/// windows spanning several hours of index buckets. The answer is always exactly the newest matching traces.
/// </summary>
public sealed class TagIndexSearchTests
{
    private const int Traces = 2600;
    private static readonly long Now = TimeUnits.NowNanos();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Searches_return_exactly_the_newest_matching_traces(string backend)
    {
        await using var server = await RunningServer.StartAsync(backend);
        var model = new List<Model>();
        var spans = new SearchSpans("busy");
        for (ulong t = 1; t <= Traces; t++)
        {
            // The newest 2,200 traces one a second (one index probe with too many candidates, so the service's spans
            // are walked), the 400 before them one a minute (several one-hour probes with few candidates each).
            var start = t > 400 ? Now - ((long)(Traces - t) * 1_000_000_000L) : Now - (2200L * 1_000_000_000L) - ((long)(400 - t) * 60_000_000_000L);
            var trace = new Model(t, "op-" + (t % 3), start, (long)(t % 10) * 1_000_000);
            var rootTags = new List<(string, string)> { ("common", "yes"), ("root", "yes") };
            var childTags = new List<(string, string)> { ("common", "yes") };
            if (t % 7 == 0)
            {
                childTags.Add(("rare", "x"));
            }

            if (t % 11 == 0)
            {
                rootTags.Add(("rare", "x"));
            }

            trace.RootTags.UnionWith(rootTags);
            trace.ChildTags.UnionWith(childTags);
            spans.Add(t, trace.Operation, start, trace.Duration, rootTags, childTags);
            model.Add(trace);
        }

        await server.Store.WriteAsync(spans.Records(), Ct);

        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("common", "yes")], Limit = 20 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("rare", "x")], Limit = 30 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("rare", "x"), new("root", "yes")], Limit = 500 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Operation = "op-1", Limit = 25 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Operation = "op-2", Tags = [new("rare", "x")], Limit = 1000 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("common", "yes")], DurationMinNanos = 9_000_000, Limit = 40 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("rare", "x")], StartMinNanos = Now - (5L * 3600 * 1_000_000_000), StartMaxNanos = Now - (2L * 3600 * 1_000_000_000), Limit = 100 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("common", "yes")], StartMinNanos = Now - (4L * 3600 * 1_000_000_000), StartMaxNanos = Now - (3L * 3600 * 1_000_000_000), Limit = 5000 });
        await AssertSearch(server, model, new TraceQuery { Service = "busy", Tags = [new("absent", "tag")], Limit = 20 });
        await AssertSearch(server, model, new TraceQuery { Service = "other", Tags = [new("common", "yes")], Limit = 20 });
        await AssertSearch(server, model, new TraceQuery { Tags = [new("rare", "x"), new("root", "yes")], Limit = 15 });
    }

    private static async Task AssertSearch(RunningServer server, List<Model> model, TraceQuery query)
    {
        var expected = model
            .Select(t => (t.Id, Start: t.LatestMatch(query)))
            .Where(t => t.Start is not null)
            .OrderByDescending(t => t.Start)
            .Take(query.Limit)
            .Select(t => SearchSpans.IdOf(t.Id))
            .ToList();

        var found = await server.Store.FindTraceIdsAsync(query, Ct);

        Assert.Equal(expected, found.Select(f => f.TraceId).ToList());
    }

    private sealed class Model(ulong id, string operation, long start, long duration)
    {
        public ulong Id => id;

        public string Operation => operation;

        public long Duration => duration;

        public HashSet<(string, string)> RootTags { get; } = [];

        public HashSet<(string, string)> ChildTags { get; } = [];

        /// <summary>The start of the newest span matching the query on its own, or null.</summary>
        public long? LatestMatch(TraceQuery query)
        {
            if (query.Service is { Length: > 0 } service && service != "busy")
            {
                return null;
            }

            long? latest = null;
            foreach (var (name, spanStart, spanDuration, tags) in new[] { (operation, start, duration, RootTags), ("child-op", start + 1000, duration / 2, ChildTags) })
            {
                var matches = (string.IsNullOrEmpty(query.Operation) || query.Operation == name)
                    && spanStart >= query.StartMinNanos && spanStart <= query.StartMaxNanos
                    && (query.DurationMinNanos is not { } min || spanDuration >= min)
                    && (query.DurationMaxNanos is not { } max || spanDuration <= max)
                    && query.Tags.All(t => tags.Contains((t.Key, t.Value)));
                if (matches)
                {
                    latest = Math.Max(latest ?? long.MinValue, spanStart);
                }
            }

            return latest;
        }
    }
}
