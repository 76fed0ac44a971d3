using System.Reflection;

namespace Sightline.Core.Interception;

/// <summary>
/// A typed interceptor read against one target: its <c>OnEnter</c>, <c>OnExit</c> and <c>OnException</c> methods and,
/// for each parameter, where the value comes from. Building it is the binding check: a parameter that binds to
/// nothing, or a type that does not fit, throws <see cref="InterceptorBindingException"/> naming it.
/// </summary>
internal sealed class TypedInterceptorShape
{
    private const BindingFlags Statics = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private TypedInterceptorShape(MethodBase target, AsyncShape async, Type stateType)
    {
        Target = target;
        Async = async;
        StateType = stateType;
    }

    public MethodBase Target { get; }

    public AsyncShape Async { get; }

    /// <summary>The interceptor's state type, or <see cref="NoState"/>.</summary>
    public Type StateType { get; }

    public MethodInfo? OnEnter { get; private init; }

    public IReadOnlyList<ParameterSource> EnterParameters { get; private init; } = [];

    public MethodInfo? OnExit { get; private init; }

    public IReadOnlyList<ParameterSource> ExitParameters { get; private init; } = [];

    public MethodInfo? OnException { get; private init; }

    public IReadOnlyList<ParameterSource> ExceptionParameters { get; private init; } = [];

    /// <summary>True when <c>OnExit</c> takes the result by reference, so it may replace it.</summary>
    public bool ExitReplacesResult => ExitParameters.Any(p => p.Kind == ParameterKind.Result && p.Type.IsByRef);

    public static TypedInterceptorShape Bind(Type interceptor, MethodBase target)
    {
        var enter = Find(interceptor, "OnEnter");
        var exit = Find(interceptor, "OnExit");
        var error = Find(interceptor, "OnException");
        if (enter is null && exit is null && error is null)
        {
            throw new InterceptorBindingException($"{interceptor.FullName} declares none of OnEnter, OnExit, OnException as a static method");
        }

        var async = AsyncShape.Of(target);
        var stateTypes = StateTypes(enter, exit, error);
        if (stateTypes.Count > 1)
        {
            throw new InterceptorBindingException($"the state parameter has different types ({string.Join(", ", stateTypes.Select(t => t.Name))}) in OnEnter, OnExit and OnException");
        }

        if (enter is not null && enter.ReturnType != typeof(void) && enter.ReturnType != typeof(bool))
        {
            throw new InterceptorBindingException("OnEnter must return void, or bool (false skips the original)");
        }

        foreach (var m in new[] { exit, error }.OfType<MethodInfo>().Where(m => m.ReturnType != typeof(void)))
        {
            throw new InterceptorBindingException($"{m.Name} must return void");
        }

        var shape = new TypedInterceptorShape(target, async, stateTypes.SingleOrDefault() ?? typeof(NoState));
        return new TypedInterceptorShape(target, async, shape.StateType)
        {
            OnEnter = enter,
            EnterParameters = enter is null ? [] : shape.BindParameters(enter, allowArguments: true, allowException: false),
            OnExit = exit,
            ExitParameters = exit is null ? [] : shape.BindParameters(exit, allowArguments: !async.IsAsync, allowException: false),
            OnException = error,
            ExceptionParameters = error is null ? [] : shape.BindParameters(error, allowArguments: !async.IsAsync, allowException: true),
        };
    }

    // The distinct types of the state parameters, in order. A plain loop rather than LINQ over (method, type) tuples:
    // each such instantiation over a struct is JIT-compiled at start-up (ReadyToRun cannot hold it).
    private static List<Type> StateTypes(params MethodInfo?[] methods)
    {
        var types = new List<Type>();
        foreach (var method in methods)
        {
            foreach (var parameter in method?.GetParameters() ?? [])
            {
                if (parameter.Name != "state")
                {
                    continue;
                }

                if (!parameter.ParameterType.IsByRef)
                {
                    throw new InterceptorBindingException($"{method!.Name}: the state parameter must be declared ref (ref {parameter.ParameterType.Name} state)");
                }

                var type = parameter.ParameterType.GetElementType()!;
                if (!types.Contains(type))
                {
                    types.Add(type);
                }
            }
        }

        return types;
    }

    private static MethodInfo? Find(Type interceptor, string name)
    {
        var found = interceptor.GetMethods(Statics).Where(m => m.Name == name).ToList();
        return found.Count switch
        {
            0 => null,
            1 when found[0].IsGenericMethodDefinition => throw new InterceptorBindingException($"{name} must not be generic"),
            1 => found[0],
            _ => throw new InterceptorBindingException($"{interceptor.FullName} declares {name} more than once"),
        };
    }

    private List<ParameterSource> BindParameters(MethodInfo method, bool allowArguments, bool allowException)
    {
        var targetParameters = Target.GetParameters();
        var sources = new List<ParameterSource>();
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            var plain = type.IsByRef ? type.GetElementType()! : type;
            var name = parameter.Name ?? string.Empty;
            ParameterSource source;
            switch (name)
            {
                case "instance":
                    if (Target.IsStatic)
                    {
                        throw Unbound(method, name, "the target is static");
                    }

                    Require(method, name, plain.IsAssignableFrom(Target.DeclaringType!) || plain == typeof(object), $"must be {Target.DeclaringType!.Name} or object");
                    source = new ParameterSource(ParameterKind.Instance, -1, type);
                    break;
                case "result":
                    var resultType = Async.IsAsync && method.Name != "OnEnter" ? Async.AwaitedType : Async.ReturnType;
                    if (resultType == typeof(void) || (type.IsByRef && Async.IsAsync && method.Name != "OnEnter" && Async.Kind is AsyncKind.Task or AsyncKind.ValueTask))
                    {
                        throw Unbound(method, name, "the target returns no value");
                    }

                    Require(method, name, method.Name != "OnException", "OnException cannot see a result");
                    Require(method, name, method.Name != "OnEnter" || type.IsByRef, "OnEnter takes the result as ref, to set it when it skips the original");
                    Require(method, name, type.IsByRef ? plain == resultType : plain.IsAssignableFrom(resultType), $"must be {(type.IsByRef ? "ref " : string.Empty)}{resultType.Name}");
                    source = new ParameterSource(ParameterKind.Result, -1, type);
                    break;
                case "state":
                    source = new ParameterSource(ParameterKind.State, -1, type);
                    break;
                case "exception":
                    Require(method, name, allowException, "only OnException receives the exception");
                    Require(method, name, !type.IsByRef && type.IsAssignableFrom(typeof(Exception)), "must be Exception");
                    source = new ParameterSource(ParameterKind.Exception, -1, type);
                    break;
                case "method":
                    Require(method, name, type == typeof(MethodBase), "must be MethodBase");
                    source = new ParameterSource(ParameterKind.Method, -1, type);
                    break;
                default:
                    var position = ArgumentPosition(name, targetParameters);
                    if (position < 0)
                    {
                        throw Unbound(method, name, "it is not instance, result, state, exception, method, argN, or a parameter name of the target");
                    }

                    if (!allowArguments)
                    {
                        throw Unbound(method, name, "an async target's arguments are only visible in OnEnter: keep what you need in state");
                    }

                    var argType = targetParameters[position].ParameterType;
                    var argPlain = argType.IsByRef ? argType.GetElementType()! : argType;
                    Require(method, name, type.IsByRef ? plain == argPlain : plain.IsAssignableFrom(argPlain), $"must be {(type.IsByRef ? "ref " : string.Empty)}{argPlain.Name}");
                    source = new ParameterSource(ParameterKind.Argument, position, type);
                    break;
            }

            sources.Add(source);
        }

        return sources;
    }

    private static int ArgumentPosition(string name, ParameterInfo[] targetParameters)
    {
        if (name.StartsWith("arg", StringComparison.Ordinal) && int.TryParse(name.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n < targetParameters.Length ? n : -1;
        }

        return Array.FindIndex(targetParameters, p => p.Name == name);
    }

    private static void Require(MethodInfo method, string parameter, bool condition, string problem)
    {
        if (!condition)
        {
            throw Unbound(method, parameter, problem);
        }
    }

    private static InterceptorBindingException Unbound(MethodInfo method, string parameter, string problem) =>
        new($"{method.DeclaringType?.Name}.{method.Name}: parameter '{parameter}' cannot be bound: {problem}");
}
