namespace Sightline.Tests.AdoNetOlderProviders;

/// <summary>Marks the assembly; the tests reach the providers by name through their load context.</summary>
public static class OlderProviders
{
    public const string Sqlite = "8.0";
    public const string Npgsql = "8.0";
}
