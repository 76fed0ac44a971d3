using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Tests.Interception;

public sealed class RecordingInterceptor : IMethodInterceptor
{
    public static readonly List<string> Events = [];

    public void BeforeMethod(MethodInvocation invocation)
    {
        invocation.State = "state-" + invocation.Arguments.Length;
        Record($"before {invocation.Method.Name}({string.Join(", ", invocation.Arguments)}) on {invocation.Instance?.GetType().Name} types={string.Join("/", invocation.ArgumentTypes.Select(t => t.Name))}");
    }

    public void AfterMethod(MethodInvocation invocation)
    {
        Record($"after {invocation.Result} {invocation.State}");
        if (invocation.Result is string s && s.StartsWith("later", StringComparison.Ordinal))
        {
            invocation.ReplaceResult(s + "!");
        }
    }

    public void OnException(MethodInvocation invocation, Exception exception) =>
        Record($"exception {exception.GetType().Name}: {exception.Message} state={invocation.State}");

    private static void Record(string line)
    {
        lock (Events)
        {
            Events.Add(line);
        }
    }
}

public sealed class SkippingInterceptor : IMethodInterceptor
{
    public void BeforeMethod(MethodInvocation invocation) => invocation.SkipOriginal("skipped " + invocation.Arguments[0]);

    public void AfterMethod(MethodInvocation invocation)
    {
    }

    public void OnException(MethodInvocation invocation, Exception exception)
    {
    }
}

public sealed class OverridingInterceptor : IMethodInterceptor
{
    public void BeforeMethod(MethodInvocation invocation) => invocation.Arguments[0] = (int)invocation.Arguments[0]! + 5;

    public void AfterMethod(MethodInvocation invocation)
    {
    }

    public void OnException(MethodInvocation invocation, Exception exception)
    {
    }
}

public sealed class ConstructionInterceptor : IConstructorInterceptor
{
    public static readonly List<string> Seen = [];

    public void OnConstruct(object instance, object?[] arguments)
    {
        lock (Seen)
        {
            Seen.Add($"{instance.GetType().Name}({string.Join(", ", arguments)})");
        }
    }
}
