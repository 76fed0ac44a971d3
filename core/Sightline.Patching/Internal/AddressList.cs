namespace Sightline.Patching.Internal;

/// <summary>
/// A growable list of code addresses. Not a <c>List&lt;IntPtr&gt;</c>: framework generics instantiated over value
/// types are JIT-compiled at start-up (ReadyToRun cannot hold them), and this is on the first patch's path.
/// </summary>
internal sealed class AddressList
{
    private IntPtr[] _items = new IntPtr[2];

    public int Count { get; private set; }

    public void Add(IntPtr address)
    {
        if (Count == _items.Length)
        {
            var larger = new IntPtr[_items.Length * 2];
            Array.Copy(_items, larger, Count);
            _items = larger;
        }

        _items[Count++] = address;
    }

    public bool Contains(IntPtr address)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_items[i] == address)
            {
                return true;
            }
        }

        return false;
    }
}
