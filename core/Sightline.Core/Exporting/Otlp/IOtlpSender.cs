using Sightline.Spi.Exporting;

namespace Sightline.Core.Exporting.Otlp;

/// <summary>One OTLP transport: sends a serialized <c>ExportTraceServiceRequest</c> and says what became of it.</summary>
internal interface IOtlpSender : IDisposable
{
    /// <summary>Sends the request; never throws for a failed send, it answers with the result.</summary>
    Task<ExportResult> SendAsync(ArraySegment<byte> request, CancellationToken cancellationToken);
}
