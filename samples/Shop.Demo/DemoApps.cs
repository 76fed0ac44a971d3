namespace Shop.Demo;

/// <summary>
/// The built programs the demo runs, located through the <c>demo-apps/*.path</c> files its build writes beside it
/// (first line: the dll; second line: its project file).
/// </summary>
public sealed class DemoApps
{
    private DemoApps(string folder)
    {
        Agent = Read(folder, "Sightline.Agent").Dll;
        (Storage, var storageProject) = Read(folder, "Sightline.Storage");
        StorageContentRoot = Path.GetDirectoryName(storageProject)!;
        Storefront = Read(folder, "Shop.Storefront").Dll;
        Inventory = Read(folder, "Shop.Inventory").Dll;
        Payment = Read(folder, "Shop.Payment").Dll;
    }

    /// <summary>Sightline.Agent.dll, with the plugins/ folder beside it: what DOTNET_STARTUP_HOOKS names.</summary>
    public string Agent { get; }

    public string Storage { get; }

    /// <summary>The storage server's project folder, which holds the web UI's wwwroot.</summary>
    public string StorageContentRoot { get; }

    public string Storefront { get; }

    public string Inventory { get; }

    public string Payment { get; }

    public static DemoApps Locate() => new(Path.Combine(AppContext.BaseDirectory, "demo-apps"));

    private static (string Dll, string Project) Read(string folder, string name)
    {
        var file = Path.Combine(folder, name + ".path");
        if (!File.Exists(file))
        {
            throw new DemoException($"{file} is missing: build the demo with its project (`dotnet run --project samples/Shop.Demo`), which builds {name} and writes where it is.");
        }

        var lines = File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2 || !File.Exists(lines[0]))
        {
            throw new DemoException($"{name} is not built where {file} says ({(lines.Length > 0 ? lines[0] : "empty file")}): rebuild with `dotnet build samples/Shop.Demo`.");
        }

        return (lines[0], lines[1]);
    }
}
