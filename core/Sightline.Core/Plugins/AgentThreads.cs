namespace Sightline.Core.Plugins;

/// <summary>
/// The agent's own threads. While the agent is still activating, an assembly load on one of them must not wait for
/// the activation (that thread may be what the activation waits for); its interceptions are installed by the
/// activation instead. Application threads wait (see <see cref="PluginEngine.WaitsForActivation"/>).
/// </summary>
public static class AgentThreads
{
    [ThreadStatic]
    private static bool _isAgentThread;

    /// <summary>True on a thread started by <see cref="Start"/>.</summary>
    public static bool IsCurrent => _isAgentThread;

    /// <summary>Starts <paramref name="body"/> on a new background thread marked as the agent's.</summary>
    public static Thread Start(string name, Action body)
    {
        var thread = new Thread(() =>
        {
            _isAgentThread = true;
            body();
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return thread;
    }
}
