namespace Sightline.LoadTest.Reporting;

/// <summary>Spans the receiver got from one long-lived storefront, and the requests it was sent over its life.</summary>
public sealed record ExportCount(long Spans, long Requests, long Rejected)
{
    public double SpansPerRequest => Requests == 0 ? double.NaN : (double)Spans / Requests;
}
