using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.Storage.V1;
using Sightline.Spi.Exporting;
using JaegerProcess = Jaeger.ApiV2.Process;

namespace Sightline.Core.Exporting.Jaeger;

/// <summary>
/// The Jaeger storage_v1 writer: sends spans to any Jaeger remote-storage gRPC server, as Jaeger's own
/// collector would. It asks <c>PluginCapabilities</c> once; a server offering <c>streamingSpanWriter</c> gets
/// each batch on one <c>WriteSpanStream</c> call, any other (or one answering UNIMPLEMENTED) gets
/// <c>SpanWriterPlugin.WriteSpan</c> per span.
/// </summary>
public sealed class JaegerStorageExporter : ISpanExporter
{
    private readonly GrpcChannel _channel;
    private readonly SpanWriterPlugin.SpanWriterPluginClient _writer;
    private readonly StreamingSpanWriterPlugin.StreamingSpanWriterPluginClient _streamingWriter;
    private readonly PluginCapabilities.PluginCapabilitiesClient _capabilities;
    private readonly JaegerProcess _process;
    private readonly Metadata _headers = [];
    private bool? _streaming;

    /// <summary>Creates the client; nothing is sent until the first batch.</summary>
    public JaegerStorageExporter(JaegerStorageExporterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _channel = GrpcChannel.ForAddress(settings.Endpoint);
        _writer = new SpanWriterPlugin.SpanWriterPluginClient(_channel);
        _streamingWriter = new StreamingSpanWriterPlugin.StreamingSpanWriterPluginClient(_channel);
        _capabilities = new PluginCapabilities.PluginCapabilitiesClient(_channel);
        _process = JaegerSpanConverter.ProcessOf(settings);
        if (settings.BearerToken is not null)
        {
            _headers.Add("bearer.token", settings.BearerToken);
        }

        if (settings.Tenant is not null)
        {
            _headers.Add("x-tenant", settings.Tenant);
        }
    }

    /// <inheritdoc />
    public string Name => "jaeger";

    /// <summary>Whether the server streams writes; null until the first batch asked it.</summary>
    public bool? UsesStreaming => _streaming;

    /// <inheritdoc />
    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken)
    {
        try
        {
            var options = new CallOptions(_headers, cancellationToken: cancellationToken);
            _streaming ??= await AskStreamingAsync(options).ConfigureAwait(false);
            if (_streaming == true)
            {
                using var call = _streamingWriter.WriteSpanStream(options);
                foreach (var activity in batch)
                {
                    await call.RequestStream.WriteAsync(new WriteSpanRequest { Span = JaegerSpanConverter.Convert(activity, _process) }, cancellationToken).ConfigureAwait(false);
                }

                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                await call.ResponseAsync.ConfigureAwait(false);
            }
            else
            {
                foreach (var activity in batch)
                {
                    await _writer.WriteSpanAsync(new WriteSpanRequest { Span = JaegerSpanConverter.Convert(activity, _process) }, options).ConfigureAwait(false);
                }
            }

            return ExportResult.Success;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unimplemented && _streaming == true)
        {
            // The server announced streaming but does not serve it: fall back to unary writes from the retry on.
            _streaming = false;
            return ExportResult.RetryableFailure;
        }
        catch (RpcException exception)
        {
            return exception.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.FailedPrecondition or StatusCode.OutOfRange
                ? ExportResult.PermanentFailure
                : ExportResult.RetryableFailure;
        }
        catch (OperationCanceledException)
        {
            return ExportResult.RetryableFailure;
        }
        catch (HttpRequestException)
        {
            return ExportResult.RetryableFailure;
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Tells the server the writer is closing (best effort), then closes the channel.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _writer.CloseAsync(new CloseWriterRequest(), new CallOptions(_headers, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException or HttpRequestException)
        {
            // Close is advisory: a server that is gone or does not implement it loses nothing.
        }
        finally
        {
            _channel.Dispose();
        }
    }

    private async Task<bool> AskStreamingAsync(CallOptions options)
    {
        try
        {
            var capabilities = await _capabilities.CapabilitiesAsync(new CapabilitiesRequest(), options).ConfigureAwait(false);
            return capabilities.StreamingSpanWriter;
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unimplemented)
        {
            // Jaeger's own client reads UNIMPLEMENTED as "no capabilities".
            return false;
        }
    }
}
