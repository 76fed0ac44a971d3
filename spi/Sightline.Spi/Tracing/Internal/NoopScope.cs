namespace Sightline.Spi.Tracing.Internal;

/// <summary>The scope returned when there is nothing to continue.</summary>
internal sealed class NoopScope : IDisposable
{
    public static readonly NoopScope Instance = new();

    public void Dispose()
    {
    }
}
