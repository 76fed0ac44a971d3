using System.Diagnostics;

namespace Sightline.Spi.Tests;

/// <summary>An ActivitySource of a test's own whose every Activity is recorded, until disposed.</summary>
internal sealed class RecordedSource : IDisposable
{
    private readonly ActivityListener _listener;

    public RecordedSource(string name)
    {
        Source = new ActivitySource(name);
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivitySource Source { get; }

    public void Dispose()
    {
        _listener.Dispose();
        Source.Dispose();
    }
}
