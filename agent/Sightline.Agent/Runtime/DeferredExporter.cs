using System.Diagnostics;
using Sightline.Core.Logging;
using Sightline.Spi.Exporting;

namespace Sightline.Agent.Runtime;

/// <summary>
/// An exporter created on a background thread, so that building it (the OpenTelemetry SDK, a gRPC channel) is not
/// paid before the application's <c>Main</c>. Batches that arrive first wait for it inside the retrying sender; one
/// that cannot be created fails every batch permanently, so its spans are dropped and counted, never retried.
/// </summary>
internal sealed class DeferredExporter : ISpanExporter
{
    private readonly TaskCompletionSource<ISpanExporter?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeferredExporter(string name, Func<ISpanExporter> create, AgentLog log)
    {
        Name = name;
        var thread = new Thread(() =>
        {
            try
            {
                _ready.SetResult(create());
            }
            catch (Exception ex)
            {
                log.Error($"exporter '{name}' could not be created; its spans are dropped", ex);
                _ready.SetResult(null);
            }
        })
        {
            IsBackground = true,
            Name = "Sightline.Exporter.Start." + name,
        };
        thread.Start();
    }

    public string Name { get; }

    public async Task<ExportResult> ExportAsync(IReadOnlyList<Activity> batch, CancellationToken cancellationToken) =>
        await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner
            ? await inner.ExportAsync(batch, cancellationToken).ConfigureAwait(false)
            : ExportResult.PermanentFailure;

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (await _ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false) is { } inner)
        {
            await inner.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
