namespace Sightline.Storage.Tests.Infrastructure;

/// <summary>The two backends every storage test runs against.</summary>
public static class Backends
{
    public static TheoryData<string> All => new("sqlite", "postgres");
}
