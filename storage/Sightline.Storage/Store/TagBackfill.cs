using System.Data.Common;
using Sightline.Storage.Conversion;
using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// The schema 1 → 2 migration's data step: derives each existing span's tag set and tag-index rows from its stored
/// payload (the same tags its record factory derived when it was written), a slice of rows at a time.
/// </summary>
public static class TagBackfill
{
    private const int SliceSize = 5000;

    /// <summary>Fills <c>spans.tags</c> and <c>tag_index</c> for every span; <paramref name="insertIndexSql"/> inserts one (@bucket, @hash, @trace) row.</summary>
    public static async Task<long> RunAsync(DbConnection connection, DbTransaction transaction, string insertIndexSql, CancellationToken cancellationToken)
    {
        await using var select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = $"SELECT id, trace_id, service, start_ns, format, payload, operation FROM spans WHERE id > @last ORDER BY id LIMIT {SliceSize}";
        var last = Parameter(select, "@last", long.MinValue);
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE spans SET tags = @tags WHERE id = @id";
        var tags = Parameter(update, "@tags", Array.Empty<byte>());
        var id = Parameter(update, "@id", 0L);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = insertIndexSql;
        var bucket = Parameter(insert, "@bucket", 0L);
        var hash = Parameter(insert, "@hash", 0L);
        var trace = Parameter(insert, "@trace", Array.Empty<byte>());
        long total = 0;
        while (true)
        {
            var slice = new List<(long Id, byte[] Tags)>();
            var rows = new HashSet<TagIndexRow>();
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var traceId = TraceId.FromBytes((byte[])reader.GetValue(1));
                    var serviceHash = TagHasher.Service(reader.GetString(2));
                    var spanBucket = TagIndexRow.BucketOf(reader.GetInt64(3));
                    var hashes = SpanTagSet.Hashes(StoredSpanTags.Of((SpanFormat)reader.GetInt32(4), (byte[])reader.GetValue(5)));
                    slice.Add((reader.GetInt64(0), SpanTagSet.Encode(hashes)));
                    rows.Add(new TagIndexRow(spanBucket, TagHasher.ForService(serviceHash, TagHasher.Operation(reader.GetString(6))), traceId));
                    foreach (var tagHash in hashes)
                    {
                        rows.Add(new TagIndexRow(spanBucket, TagHasher.ForService(serviceHash, tagHash), traceId));
                    }
                }
            }

            if (slice.Count == 0)
            {
                return total;
            }

            foreach (var (spanId, spanTags) in slice)
            {
                id.Value = spanId;
                tags.Value = spanTags;
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var row in rows)
            {
                bucket.Value = row.Bucket;
                hash.Value = row.Hash;
                trace.Value = row.TraceId.ToBytes();
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            total += slice.Count;
            last.Value = slice[^1].Id;
        }
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
