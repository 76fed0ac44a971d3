using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal;

/// <summary>One method under interception: its patches, current replacement, native cell and patched code versions.</summary>
internal sealed class PatchedTarget(int id, MethodBase original, IntPtr methodDesc, IntPtr cell, IntPtr trampoline)
{
    private long _recompilesPatched;
    private long _recompilesMissed;
    private long _osrSkipped;

    public int Id { get; } = id;

    public MethodBase Original { get; } = original;

    /// <summary>The runtime MethodDesc*, the key the JIT hook sees as CORINFO_METHOD_INFO::ftn.</summary>
    public IntPtr MethodDesc { get; } = methodDesc;

    /// <summary>The native cell every jump for this target goes through.</summary>
    public IntPtr Cell { get; } = cell;

    /// <summary><c>mov rax, cell; jmp [rax]</c>: where the jumps written by the JIT hook go.</summary>
    public IntPtr Trampoline { get; } = trampoline;

    /// <summary>The entry point (precode) the cell holds while the current replacement is not compiled yet, else zero.</summary>
    public IntPtr PendingEntry { get; set; }

    /// <summary>Patches in the order they were applied (sorted by priority when the replacement is built).</summary>
    public List<PatchRequest> Patches { get; } = [];

    /// <summary>Kept alive on purpose: a collected DynamicMethod frees the code the cell points to.</summary>
    public List<DynamicMethod> Replacements { get; } = [];

    /// <summary>Code addresses patched in place (already compiled versions).</summary>
    public AddressList PatchedCode { get; } = new();

    public long RecompilesPatched => Interlocked.Read(ref _recompilesPatched);

    public long RecompilesMissed => Interlocked.Read(ref _recompilesMissed);

    public long OsrSkipped => Interlocked.Read(ref _osrSkipped);

    public void CountRecompilePatched() => Interlocked.Increment(ref _recompilesPatched);

    public void CountRecompileMissed() => Interlocked.Increment(ref _recompilesMissed);

    public void CountOsrSkipped() => Interlocked.Increment(ref _osrSkipped);
}
