using Sightline.Storage.Model;

namespace Sightline.Storage.Store;

/// <summary>
/// One row of the tag index: a service-scoped tag hash seen on some span of a trace within one time bucket. A batch
/// writes each (bucket, hash, trace) once however many of the trace's spans carry the tag, which is what makes the
/// index a few rows per span instead of one per tag. Buckets lead the key, so ingest appends at the index's end.
/// </summary>
public readonly record struct TagIndexRow(long Bucket, long Hash, TraceId TraceId) : IComparable<TagIndexRow>
{
    /// <summary>2^36 ns, about 69 s: wide enough that a trace's spans share a bucket, narrow enough to search by.</summary>
    public const int BucketShift = 36;

    public static long BucketOf(long nanos) => nanos >> BucketShift;

    public static long BucketStart(long bucket) => bucket << BucketShift;

    public static long BucketEnd(long bucket) => (bucket << BucketShift) + ((1L << BucketShift) - 1);

    public int CompareTo(TagIndexRow other)
    {
        var order = Bucket.CompareTo(other.Bucket);
        if (order == 0)
        {
            order = Hash.CompareTo(other.Hash);
        }

        if (order == 0)
        {
            order = TraceId.High.CompareTo(other.TraceId.High);
        }

        return order != 0 ? order : TraceId.Low.CompareTo(other.TraceId.Low);
    }
}
