using System.Reflection;
using System.Runtime.Loader;
using Sightline.Core.Plugins;

namespace Sightline.Core.Tests.Interception;

/// <summary>
/// <see cref="PluginEngine.InstallsInBackground"/>: loads never wait, the activating thread installs what they queue
/// until <see cref="PluginEngine.CatchUp"/>, and from then on every load installs its interceptions itself.
/// </summary>
[Collection(nameof(LateShopPlugin))]
public sealed class PluginEngineBackgroundTests
{
    private static readonly string TargetPath = Path.Combine(AppContext.BaseDirectory, "targets", "v1", "Sightline.TestTarget.dll");

    [Fact]
    public void A_load_is_only_queued_until_the_activation_installs_it()
    {
        var harness = new InterceptionHarness();
        using var engine = Background(harness);

        var shop = LoadShop("queued");
        Assert.Equal(0, engine.Process(shop.Assembly));
        Assert.Equal(0, CallsOf(shop, 3));

        engine.Activate();

        Assert.True(CallsOf(shop, 3) == 3, string.Join("\n", harness.Decisions.Snapshot()));
    }

    [Fact]
    public void Matching_the_queue_ahead_installs_nothing_before_the_activation()
    {
        var harness = new InterceptionHarness();
        using var engine = Background(harness);
        var shop = LoadShop("matched-ahead");
        engine.Process(shop.Assembly);

        engine.MatchQueued();
        Assert.Equal(0, CallsOf(shop, 2));

        engine.Activate();
        Assert.Equal(2, CallsOf(shop, 2));
    }

    [Fact]
    public async Task After_activation_loads_are_installed_in_the_background_until_catch_up_then_by_the_loading_thread()
    {
        var harness = new InterceptionHarness();
        using var engine = Background(harness);
        engine.Activate();
        var installer = Task.Factory.StartNew(engine.InstallUntilCaughtUp, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Loaded before the catch-up: queued, and installed by the background thread.
        var early = LoadShop("before-catch-up");
        Assert.Equal(0, engine.Process(early.Assembly));
        Assert.False(installer.IsCompleted);

        Assert.True(engine.CatchUp());
        await installer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(3, CallsOf(early, 3));

        // Caught up: the loading thread installs what it loads before going on, as without the background start.
        var late = LoadShop("after-catch-up");
        Assert.Equal(1, engine.Process(late.Assembly));
        Assert.Equal(2, CallsOf(late, 2));
    }

    [Fact]
    public async Task Catch_up_waits_for_loads_queued_before_it()
    {
        var harness = new InterceptionHarness();
        using var engine = Background(harness);
        var shop = LoadShop("waited-for");
        engine.Process(shop.Assembly);

        // The activation comes after the catch-up was asked for (the agent was still starting): it installs the queue.
        var catchUp = Task.Run(engine.CatchUp, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(catchUp.IsCompleted);
        engine.Activate();

        Assert.True(await catchUp.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(3, CallsOf(shop, 3));
    }

    [Fact]
    public async Task Taking_the_engine_down_releases_a_waiting_catch_up_and_the_installing_thread()
    {
        var harness = new InterceptionHarness();
        var engine = Background(harness);
        engine.Activate();
        var installer = Task.Factory.StartNew(engine.InstallUntilCaughtUp, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        engine.Dispose();

        await installer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(engine.CatchUp());
    }

    private static PluginEngine Background(InterceptionHarness harness) =>
        new([new LateShopPlugin()], PluginOptions.Default, harness.Installer, harness.Decisions, log: null) { InstallsInBackground = true };

    // Each test loads its own copy, so the interception is its own. The engines are not subscribed to the process's
    // loads (no Start()): each copy is handed to Process() as the load event would.
    private static Loaded LoadShop(string context)
    {
        var assembly = new AssemblyLoadContext(context).LoadFromAssemblyPath(TargetPath);
        var shop = Activator.CreateInstance(assembly.GetType("Sightline.TestTarget.Shop")!)!;
        return new Loaded(assembly, shop, shop.GetType().GetMethod("Restock", BindingFlags.NonPublic | BindingFlags.Instance)!);
    }

    // How much the interceptor counted for one call of Restock(count) on this copy.
    private static int CallsOf(Loaded loaded, int count)
    {
        var before = LoadedShopInterceptor.Calls;
        Assert.Equal(count, loaded.Restock.Invoke(loaded.Shop, [count]));
        return LoadedShopInterceptor.Calls - before;
    }

    private sealed record Loaded(Assembly Assembly, object Shop, MethodInfo Restock);
}
