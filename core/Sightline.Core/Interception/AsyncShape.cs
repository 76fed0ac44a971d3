using System.Reflection;

namespace Sightline.Core.Interception;

/// <summary>How a target returns: plainly, or through one of the four awaitable shapes whose completion ends a call.</summary>
internal enum AsyncKind
{
    None,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>The async shape of a target and the type its awaiting yields.</summary>
internal sealed record AsyncShape(AsyncKind Kind, Type ReturnType, Type AwaitedType)
{
    public bool IsAsync => Kind != AsyncKind.None;

    public static AsyncShape Of(MethodBase method)
    {
        var returnType = method is MethodInfo m ? m.ReturnType : typeof(void);
        if (returnType == typeof(Task))
        {
            return new(AsyncKind.Task, returnType, typeof(object));
        }

        if (returnType == typeof(ValueTask))
        {
            return new(AsyncKind.ValueTask, returnType, typeof(object));
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return new(AsyncKind.TaskOfT, returnType, returnType.GetGenericArguments()[0]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return new(AsyncKind.ValueTaskOfT, returnType, returnType.GetGenericArguments()[0]);
        }

        return new(AsyncKind.None, returnType, returnType);
    }
}
