using Microsoft.Extensions.Options;
using Sightline.Storage.Model;
using Sightline.Storage.Store;

namespace Sightline.Storage.Hosting;

/// <summary>Deletes spans older than the retention period, every purge interval, in the background.</summary>
public sealed partial class RetentionPurger(ISpanStore store, IOptions<StorageOptions> options, ILogger<RetentionPurger> logger) : BackgroundService
{
    /// <summary>One purge pass; returns the number of spans deleted.</summary>
    public async Task<long> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var retention = TimeSpan.FromHours(options.Value.RetentionHours);
        var cutoff = TimeUnits.NowNanos() - (long)(retention.TotalMilliseconds * 1_000_000);
        var deleted = await store.PurgeOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            Log.Purged(logger, deleted, options.Value.RetentionHours);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionHours <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(Math.Max(0.01, options.Value.PurgeIntervalMinutes));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed pass (database briefly unavailable) is retried at the next interval; the server keeps serving.
                Log.PurgeFailed(logger, ex);
            }

            try
            {
                await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Retention purge deleted {Count} spans older than {Hours} hours")]
        public static partial void Purged(ILogger logger, long count, double hours);

        [LoggerMessage(2, LogLevel.Warning, "Retention purge failed; retrying at the next interval")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
