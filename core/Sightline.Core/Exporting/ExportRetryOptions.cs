namespace Sightline.Core.Exporting;

/// <summary>How each exporter retries failed batches, and how much it may hold while it does.</summary>
public sealed record ExportRetryOptions
{
    /// <summary>Memory bound: most spans one exporter keeps waiting or retrying; past it the oldest batch is dropped and counted.</summary>
    public int MaxBacklogSpans { get; init; } = 8192;

    /// <summary>Wait after the first failure; it doubles per consecutive failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one export attempt; the exporter's token is cancelled when it passes.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(MaxBacklogSpans >= 1, nameof(MaxBacklogSpans), "must be at least 1");
        Require(InitialBackoff > TimeSpan.Zero, nameof(InitialBackoff), "must be positive");
        Require(MaxBackoff >= InitialBackoff, nameof(MaxBackoff), "must not be less than InitialBackoff");
        Require(AttemptTimeout > TimeSpan.Zero, nameof(AttemptTimeout), "must be positive");
    }

    private static void Require(bool condition, string setting, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Export retry setting {setting} {problem}.", setting);
        }
    }
}
