using System.Reflection;

namespace Sightline.Patching.Internal;

/// <summary>
/// Id → original method, for <c>__originalMethod</c>: a replacement loads its id as a constant and calls
/// <see cref="Get"/>, cheaper and simpler than ldtoken plus GetMethodFromHandle with a generic owner.
/// </summary>
internal static class OriginalMethodTable
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<MethodBase, int> Ids = [];
    private static MethodBase[] _methods = [];

    public static int IdOf(MethodBase method)
    {
        lock (Gate)
        {
            if (Ids.TryGetValue(method, out var id))
            {
                return id;
            }

            var methods = new MethodBase[_methods.Length + 1];
            _methods.CopyTo(methods, 0);
            methods[^1] = method;
            Volatile.Write(ref _methods, methods);
            Ids[method] = methods.Length - 1;
            return methods.Length - 1;
        }
    }

    public static MethodBase Get(int id) => Volatile.Read(ref _methods)[id];
}
