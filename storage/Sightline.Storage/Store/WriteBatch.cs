using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// A batch of spans ready for a backend: each span's encoded tag set, the batch's distinct tag-index rows (its tags
/// and operations) in key order, and the operations the store has not written yet.
/// </summary>
public sealed class WriteBatch
{
    public WriteBatch(IReadOnlyList<SpanRecord> spans, HashSet<(string Service, string Kind, string Name)> knownOperations)
    {
        Spans = spans;
        TagSets = new byte[spans.Count][];
        var rows = new HashSet<TagIndexRow>();
        var operations = new HashSet<(string Service, string Kind, string Name)>();
        string? lastService = null;
        long serviceHash = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            var hashes = SpanTagSet.Hashes(span.SearchTags);
            TagSets[i] = SpanTagSet.Encode(hashes);
            if (!ReferenceEquals(span.Service, lastService))
            {
                lastService = span.Service;
                serviceHash = TagHasher.Service(span.Service);
            }

            var bucket = TagIndexRow.BucketOf(span.StartNanos);
            rows.Add(new TagIndexRow(bucket, TagHasher.ForService(serviceHash, TagHasher.Operation(span.Operation)), span.TraceId));
            foreach (var hash in hashes)
            {
                rows.Add(new TagIndexRow(bucket, TagHasher.ForService(serviceHash, hash), span.TraceId));
            }

            var operation = (span.Service, span.SpanKind, span.Operation);
            if (!knownOperations.Contains(operation))
            {
                operations.Add(operation);
            }
        }

        IndexRows = [.. rows];
        // In key order, each index page is touched once instead of at random.
        IndexRows.Sort();
        NewOperations = [.. operations];
    }

    public IReadOnlyList<SpanRecord> Spans { get; }

    /// <summary>Per span, its <see cref="SpanTagSet"/> encoding.</summary>
    public byte[][] TagSets { get; }

    public List<TagIndexRow> IndexRows { get; }

    public IReadOnlyList<(string Service, string Kind, string Name)> NewOperations { get; }
}
