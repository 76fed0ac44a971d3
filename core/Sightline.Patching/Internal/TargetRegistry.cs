using System.Runtime.CompilerServices;

namespace Sightline.Patching.Internal;

/// <summary>
/// MethodDesc pointer → <see cref="PatchedTarget"/>, process-wide. The JIT hook reads it on every compile, so reads
/// are lock-free over an immutable open-addressing table; writers (under the engine lock) publish a new table.
/// Entries are never removed: a target whose patches are all removed keeps a pass-through replacement.
/// </summary>
internal static class TargetRegistry
{
    private static Table _table = new(16);
    private static PatchedTarget[] _byId = [];

    public static int Count => Volatile.Read(ref _table).Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PatchedTarget? Lookup(IntPtr methodDesc)
    {
        var table = Volatile.Read(ref _table);
        if (table.Count == 0)
        {
            return null;
        }

        var keys = table.Keys;
        var mask = keys.Length - 1;
        var i = Hash(methodDesc) & mask;
        while (true)
        {
            var key = keys[i];
            if (key == methodDesc)
            {
                return table.Values[i];
            }

            if (key == IntPtr.Zero)
            {
                return null;
            }

            i = (i + 1) & mask;
        }
    }

    public static IReadOnlyList<PatchedTarget> All => Volatile.Read(ref _byId);

    /// <summary>Adds a target; call under the engine lock only.</summary>
    public static void Add(PatchedTarget target)
    {
        var old = _table;
        var size = old.Keys.Length;
        while ((old.Count + 1) * 2 > size)
        {
            size *= 2;
        }

        var table = new Table(size);
        foreach (var existing in _byId)
        {
            table.Insert(existing);
        }

        table.Insert(target);
        var byId = new PatchedTarget[_byId.Length + 1];
        _byId.CopyTo(byId, 0);
        byId[target.Id] = target;
        Volatile.Write(ref _byId, byId);
        Volatile.Write(ref _table, table);
    }

    public static int NextId => _byId.Length;

    private static int Hash(IntPtr value)
    {
        var x = (ulong)value;
        return (int)((x >> 3) ^ (x >> 17));
    }

    private sealed class Table(int size)
    {
        public IntPtr[] Keys { get; } = new IntPtr[size];

        public PatchedTarget?[] Values { get; } = new PatchedTarget?[size];

        public int Count { get; private set; }

        public void Insert(PatchedTarget target)
        {
            var mask = Keys.Length - 1;
            var i = Hash(target.MethodDesc) & mask;
            while (Keys[i] != IntPtr.Zero)
            {
                i = (i + 1) & mask;
            }

            Keys[i] = target.MethodDesc;
            Values[i] = target;
            Count++;
        }
    }
}
