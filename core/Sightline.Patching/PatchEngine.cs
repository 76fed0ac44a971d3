using System.Reflection;
using Sightline.Patching.Diagnostics;
using Sightline.Patching.Internal;
using Sightline.Patching.Internal.Native;

namespace Sightline.Patching;

/// <summary>
/// Puts methods under interception and takes them out again. All changes go through one lock; every request gets
/// a <see cref="PatchDecision"/>, kept in <see cref="Decisions"/>. A request that cannot be honoured is refused
/// with a reason and changes nothing; the engine never throws for a target it cannot patch.
/// </summary>
public sealed class PatchEngine
{
    /// <summary>
    /// The owner of the throw-away patches the warm-ups apply and remove at start-up (this engine's own, and the
    /// agent's interception warm-up, which uses the same name): not reported as applied or removed, so the agent log
    /// shows only the application's patches.
    /// </summary>
    internal const string WarmUpOwner = "sightline-warm-up";

    private static readonly Lazy<PatchEngine> SharedEngine = new(() => new PatchEngine(new NativeJumpBackend()));
    private readonly Lock _gate = new();
    private readonly IPatchBackend _backend;
    private readonly Dictionary<MethodBase, List<PatchRequest>> _active = [];
    private readonly List<PatchDecision> _decisions = [];

    /// <summary>Creates an engine over a backend. Use <see cref="Shared"/> for the process-wide native backend.</summary>
    /// <param name="backend">Redirects targets to their replacements.</param>
    public PatchEngine(IPatchBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _backend = backend;
    }

    /// <summary>The engine over the native backend (jumps plus JIT hook); one per process, as the hook is.</summary>
    public static PatchEngine Shared => SharedEngine.Value;

    /// <summary>The backend's name, for the decision list.</summary>
    public string BackendName => _backend.Name;

    /// <summary>Null when this process can be patched, otherwise why every request will be refused.</summary>
    public string? UnsupportedReason => _backend.UnsupportedReason;

    /// <summary>Every decision made so far, in order.</summary>
    public IReadOnlyList<PatchDecision> Decisions
    {
        get
        {
            lock (_gate)
            {
                return [.. _decisions];
            }
        }
    }

    /// <summary>Methods that currently have at least one patch.</summary>
    public IReadOnlyList<MethodBase> PatchedMethods
    {
        get
        {
            lock (_gate)
            {
                return [.. _active.Where(p => p.Value.Count > 0).Select(p => p.Key)];
            }
        }
    }

    /// <summary>How often this process's threads were stopped for a write into compiled code, and how it went.</summary>
    public static ThreadStopStatistics ThreadStops => new(ThreadStop.Rounds, ThreadStop.Conflicts, ThreadStop.LateRounds, ThreadStop.Timeouts);

    /// <summary>
    /// True while the engine keeps warnings that no listener of its EventSource (<c>Sightline-Patching</c>) has heard
    /// yet: a listener enabled now receives them.
    /// </summary>
    public static bool HasUnheardWarnings => PatchingEventSource.Log.HasUnheard;

    /// <summary>
    /// Starts the <see cref="Shared"/> engine (installs its JIT hook), then runs the engine's own code once on a
    /// method of its own - building a replacement with every kind of handler, compiling it, decoding compiled code -
    /// and changes nothing else. The first patch of a process otherwise pays for compiling all of that; called on a
    /// background thread while the application starts, it is paid there. Never throws.
    /// </summary>
    public static void WarmUp()
    {
        try
        {
            if (Shared.UnsupportedReason is null)
            {
                EngineWarmUp.Run();
            }
        }
        catch (Exception e)
        {
            // Only the first patch gets slower; say why for whoever looks.
            PatchingEventSource.Log.WarmUpFailed($"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Puts <paramref name="request"/> on its target, after the patches already there.</summary>
    /// <param name="request">The target and its handlers.</param>
    /// <returns>Applied, or refused with the reason; a refusal changes nothing.</returns>
    public PatchDecision Apply(PatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var existing = _active.TryGetValue(Key(request.Target), out var list) ? list : [];
            if (existing.Contains(request))
            {
                return Record(PatchDecision.Refused(request, "this request is already applied"));
            }

            var patches = new List<PatchRequest>(existing) { request };
            string? refusal;
            try
            {
                refusal = PatchPipeline.Install(_backend, request.Target, patches);
            }
            catch (Exception e)
            {
                refusal = e is PatchingException pe && pe.IlListing.Length > 0
                    ? $"{e.Message}: {e.InnerException?.Message}\n{pe.IlListing}"
                    : $"{e.GetType().Name}: {e.Message}";
            }

            if (refusal is not null)
            {
                return Record(PatchDecision.Refused(request, refusal));
            }

            _active[Key(request.Target)] = patches;
            return Record(PatchDecision.Applied(request, $"{patches.Count} patch(es) via {_backend.Name}"));
        }
    }

    /// <summary>
    /// Puts many requests on their targets at once, as <see cref="Apply"/> does one by one, but writes every jump
    /// into already compiled code during a single stop of the process's threads instead of one stop per method:
    /// the way to patch many methods at start-up. When this returns, every call of an applied target is intercepted.
    /// </summary>
    /// <param name="requests">The targets and their handlers, applied in order.</param>
    /// <returns>One decision per request, in order.</returns>
    public IReadOnlyList<PatchDecision> ApplyAll(IEnumerable<PatchRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_gate)
        {
            var native = _backend as NativeJumpBackend;
            native?.BeginBatch();
            var decisions = new List<PatchDecision>();
            try
            {
                foreach (var request in requests)
                {
                    decisions.Add(Apply(request));
                }
            }
            finally
            {
                foreach (var (target, reason) in native?.EndBatch() ?? [])
                {
                    // The jump could not be written: the target runs its original body; refuse its requests.
                    var key = Key(target);
                    for (var i = 0; i < decisions.Count; i++)
                    {
                        if (decisions[i].IsApplied && Key(decisions[i].Target).Equals(key))
                        {
                            decisions[i] = Record(PatchDecision.Refused(decisions[i].Request, reason));
                        }
                    }

                    _active.Remove(key);
                }
            }

            return decisions;
        }
    }

    /// <summary>Takes one patch off its target; the other patches keep running, in order.</summary>
    /// <param name="request">A request previously applied.</param>
    /// <returns>False when the request was not applied.</returns>
    public bool Remove(PatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            if (!_active.TryGetValue(Key(request.Target), out var list) || !list.Contains(request))
            {
                return false;
            }

            var remaining = list.Where(p => !ReferenceEquals(p, request)).ToList();

            // With no patch left the target runs a plain copy of its body: older compiled versions keep jumping
            // through the cell, so the cell must point at something that behaves like the original.
            var failure = PatchPipeline.Install(_backend, request.Target, remaining);
            if (failure is not null)
            {
                throw new PatchingException($"removing the patch failed, it stays in place: {failure}");
            }

            _active[Key(request.Target)] = remaining;
            if (request.OwnerId != WarmUpOwner)
            {
                PatchingEventSource.Log.Removed(Describe(request.Target), request.OwnerId);
            }
            return true;
        }
    }

    /// <summary>Removes every patch applied for <paramref name="ownerId"/>.</summary>
    /// <param name="ownerId">The owner given in the requests.</param>
    /// <returns>How many patches were removed.</returns>
    public int RemoveAll(string ownerId)
    {
        lock (_gate)
        {
            var mine = _active.Values.SelectMany(l => l).Where(p => p.OwnerId == ownerId).ToList();
            return mine.Count(Remove);
        }
    }

    /// <summary>The patches currently on <paramref name="target"/>, in the order they were applied.</summary>
    /// <param name="target">A method.</param>
    public IReadOnlyList<PatchRequest> GetPatches(MethodBase target)
    {
        lock (_gate)
        {
            return _active.TryGetValue(Key(target), out var list) ? [.. list] : [];
        }
    }

    private PatchDecision Record(PatchDecision decision)
    {
        _decisions.Add(decision);
        if (decision.IsApplied)
        {
            if (decision.Request.OwnerId != WarmUpOwner)
            {
                PatchingEventSource.Log.Applied(Describe(decision.Target), decision.Request.OwnerId, decision.Reason);
            }
        }
        else
        {
            PatchingEventSource.Log.Refused(Describe(decision.Target), decision.Request.OwnerId, decision.Reason);
        }

        return decision;
    }

    /// <summary>
    /// One key per runtime method: the same method reached through a derived type has another ReflectedType and
    /// would otherwise get a second, competing list of patches.
    /// </summary>
    private static MethodBase Key(MethodBase method)
    {
        try
        {
            return method.DeclaringType is { } type
                ? MethodBase.GetMethodFromHandle(method.MethodHandle, type.TypeHandle) ?? method
                : method;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return method;
        }
    }

    private static string Describe(MethodBase method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
