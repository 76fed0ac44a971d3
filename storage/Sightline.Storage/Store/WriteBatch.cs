using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// A batch of spans ready for a backend: each span's encoded tag set, the batch's distinct tag-index rows (its tags
/// and operations) in key order, and the operations the store has not written yet. The tags are hashed when the
/// batch is made, on the caller's thread, so that work runs beside the single writer instead of inside it.
/// </summary>
public sealed class WriteBatch
{
    public WriteBatch(IReadOnlyList<SpanRecord> spans)
    {
        Spans = spans;
        TagSets = new byte[spans.Count][];
        var rows = new HashSet<TagIndexRow>();
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
        }

        IndexRows = [.. rows];
        // In key order, each index page is touched once instead of at random.
        IndexRows.Sort();
    }

    private WriteBatch(IReadOnlyList<SpanRecord> spans, byte[][] tagSets, List<TagIndexRow> indexRows)
    {
        Spans = spans;
        TagSets = tagSets;
        IndexRows = indexRows;
    }

    public IReadOnlyList<SpanRecord> Spans { get; }

    /// <summary>Per span, its <see cref="SpanTagSet"/> encoding.</summary>
    public byte[][] TagSets { get; }

    public List<TagIndexRow> IndexRows { get; }

    /// <summary>The operations of the batch not in the store yet; set by <see cref="FindNewOperations"/>.</summary>
    public IReadOnlyList<(string Service, string Kind, string Name)> NewOperations { get; private set; } = [];

    /// <summary>One batch of several callers' batches, committed together. Index rows two of them share are written once.</summary>
    public static WriteBatch Combine(IReadOnlyList<WriteBatch> batches)
    {
        if (batches.Count == 1)
        {
            return batches[0];
        }

        var spans = new List<SpanRecord>();
        var tagSets = new List<byte[]>();
        var rows = new HashSet<TagIndexRow>();
        foreach (var batch in batches)
        {
            spans.AddRange(batch.Spans);
            tagSets.AddRange(batch.TagSets);
            rows.UnionWith(batch.IndexRows);
        }

        List<TagIndexRow> sorted = [.. rows];
        sorted.Sort();
        return new WriteBatch(spans, [.. tagSets], sorted);
    }

    /// <summary>Sets <see cref="NewOperations"/> to the batch's operations that <paramref name="knownOperations"/> lacks.</summary>
    public void FindNewOperations(HashSet<(string Service, string Kind, string Name)> knownOperations)
    {
        var operations = new HashSet<(string Service, string Kind, string Name)>();
        foreach (var span in Spans)
        {
            var operation = (span.Service, span.SpanKind, span.Operation);
            if (!knownOperations.Contains(operation))
            {
                operations.Add(operation);
            }
        }

        NewOperations = [.. operations];
    }
}
