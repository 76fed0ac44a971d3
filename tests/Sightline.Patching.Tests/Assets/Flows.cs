using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sightline.Patching.Tests.Assets;

/// <summary>Targets whose bodies have exception handling, throw, or are async.</summary>
public static partial class Flows
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Guarded(int x, List<string> log)
    {
        try
        {
            if (x < 0)
            {
                throw new ArgumentException("negative");
            }

            if (x == 0)
            {
                throw new InvalidOperationException("zero");
            }

            return x * 2;
        }
        catch (ArgumentException e) when (e.Message == "negative")
        {
            log.Add("filter");
            return -1;
        }
        catch (InvalidOperationException)
        {
            log.Add("catch");
            return 0;
        }
        finally
        {
            log.Add("finally");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Fail(string message) => throw new InvalidOperationException(message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int FailForStackTrace(int x) => x > 0 ? throw new InvalidOperationException("deep") : x;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int SumLoop(int n)
    {
        var sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += i % 7;
        }

        return sum;
    }

    public static async Task<int> AddLaterAsync(int a, int b)
    {
        await Task.Yield();
        return a + b;
    }

    public static async Task LogLaterAsync(List<string> log)
    {
        await Task.Yield();
        log.Add("ran");
    }

    public static async ValueTask<int> MultiplyLaterAsync(int a, int b)
    {
        await Task.Yield();
        return a * b;
    }

    [LibraryImport("libc", EntryPoint = "getpid")]
    public static partial int GetPid();

    /// <summary>Small enough that the JIT inlines it into its callers.</summary>
    public static int Inlinable(int x) => x + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int CallsInlinable(int x) => Inlinable(x) * 2;
}
