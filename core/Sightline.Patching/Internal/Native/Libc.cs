using System.Runtime.InteropServices;

namespace Sightline.Patching.Internal.Native;

/// <summary>
/// libc entry points called through function pointers. No marshalling stubs are generated for them, so they are
/// safe to call from inside the JIT hook once resolved.
/// </summary>
internal static unsafe class Libc
{
    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int ProtExec = 4;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;
    public const int MapFixedNoReplace = 0x100000;

    private static delegate* unmanaged<void*, nuint, int, int> _mprotect;
    private static delegate* unmanaged<void*, nuint, int, int, int, nint, void*> _mmap;
    private static delegate* unmanaged<void*, nuint, int> _munmap;

    public static bool IsLoaded => _mprotect != null;

    /// <summary>Resolves the entry points; false when libc cannot be found (not glibc or musl Linux).</summary>
    public static bool TryLoad()
    {
        if (_mprotect != null)
        {
            return true;
        }

        foreach (var name in new[] { "libc.so.6", "libc.so", "libc.musl-x86_64.so.1" })
        {
            if (NativeLibrary.TryLoad(name, out var handle)
                && NativeLibrary.TryGetExport(handle, "mprotect", out var mprotect)
                && NativeLibrary.TryGetExport(handle, "mmap", out var mmap)
                && NativeLibrary.TryGetExport(handle, "munmap", out var munmap))
            {
                _munmap = (delegate* unmanaged<void*, nuint, int>)munmap;
                _mmap = (delegate* unmanaged<void*, nuint, int, int, int, nint, void*>)mmap;
                _mprotect = (delegate* unmanaged<void*, nuint, int, int>)mprotect;
                return true;
            }
        }

        return false;
    }

    /// <summary>Resolves sigaction (struct sigaction of glibc and musl on x64: handler, 128-byte mask, flags, restorer).</summary>
    public static bool TryGetSigaction(out delegate* unmanaged<int, void*, void*, int> sigaction)
    {
        sigaction = null;
        foreach (var name in new[] { "libc.so.6", "libc.so", "libc.musl-x86_64.so.1" })
        {
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "sigaction", out var address))
            {
                sigaction = (delegate* unmanaged<int, void*, void*, int>)address;
                return true;
            }
        }

        return false;
    }

    public static int Mprotect(void* address, nuint length, int protection) => _mprotect(address, length, protection);

    public static void* Mmap(void* address, nuint length, int protection, int flags) =>
        _mmap(address, length, protection, flags, -1, 0);

    public static int Munmap(void* address, nuint length) => _munmap(address, length);
}
