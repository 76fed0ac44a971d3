using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;
using JaegerSpan = Jaeger.ApiV2.Span;

namespace Sightline.Storage.Grpc;

/// <summary>
/// Cuts a trace into stream messages of at most 1,000 spans, as Jaeger's reference server does. A chunk never mixes
/// traces and a trace's chunks are consecutive, so a client can reassemble by watching the trace id change.
/// </summary>
public static class TraceChunker
{
    public const int MaxSpansPerChunk = 1000;

    public static IEnumerable<List<JaegerSpan>> JaegerChunks(IReadOnlyList<StoredSpan> spans) =>
        spans.Chunk(MaxSpansPerChunk).Select(chunk => chunk.Select(StoredSpanDecoder.ToJaeger).ToList());

    public static IEnumerable<TracesData> OtlpChunks(IReadOnlyList<StoredSpan> spans) =>
        spans.Chunk(MaxSpansPerChunk).Select(chunk => Group(chunk.Select(StoredSpanDecoder.ToOtlp)));

    /// <summary>Merges single-span ResourceSpans that share a resource and a scope, keeping first-seen order.</summary>
    public static TracesData Group(IEnumerable<ResourceSpans> singles)
    {
        var data = new TracesData();
        var resources = new Dictionary<(ByteString, string), ResourceSpans>();
        var scopes = new Dictionary<(ByteString, string, ByteString, string), ScopeSpans>();
        foreach (var single in singles)
        {
            var resourceKey = (single.Resource?.ToByteString() ?? ByteString.Empty, single.SchemaUrl);
            if (!resources.TryGetValue(resourceKey, out var resourceSpans))
            {
                resourceSpans = new ResourceSpans { Resource = single.Resource, SchemaUrl = single.SchemaUrl };
                resources.Add(resourceKey, resourceSpans);
                data.ResourceSpans.Add(resourceSpans);
            }

            foreach (var scopeSpans in single.ScopeSpans)
            {
                var scopeKey = (resourceKey.Item1, resourceKey.SchemaUrl, scopeSpans.Scope?.ToByteString() ?? ByteString.Empty, scopeSpans.SchemaUrl);
                if (!scopes.TryGetValue(scopeKey, out var target))
                {
                    target = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
                    scopes.Add(scopeKey, target);
                    resourceSpans.ScopeSpans.Add(target);
                }

                target.Spans.Add(scopeSpans.Spans);
            }
        }

        return data;
    }
}
