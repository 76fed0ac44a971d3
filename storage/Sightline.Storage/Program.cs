namespace Sightline.Storage;

/// <summary>Entry point; a named class (not top-level statements) so no global <c>Program</c> type leaks to referencing projects.</summary>
internal static class Program
{
    private static void Main(string[] args) => StorageHost.Build(args).Run();
}
