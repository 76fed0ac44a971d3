using System.Reflection;
using System.Reflection.Emit;
using Sightline.Spi.Plugins.Interception;

namespace Sightline.Core.Interception;

/// <summary>
/// Generates the handlers that connect the patch engine to an interceptor: typed interceptors get prefix, postfix
/// and finalizer methods that load exactly the values their callbacks ask for (no allocation for synchronous
/// targets); untyped interceptors get a prefix that packs the arguments and share the handlers of
/// <see cref="UntypedSupport"/>.
/// </summary>
internal static class GlueEmitter
{
    private const string HealthField = "Health";
    private const string InterceptorField = "Interceptor";
    private const string ExitField = "ExitCallback";
    private const string ErrorField = "ErrorCallback";
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TypeBuilder, Dictionary<string, FieldBuilder>> DefinedFields = [];
    private static readonly MethodInfo EnabledGetter = typeof(PluginHealth).GetProperty(nameof(PluginHealth.Enabled))!.GetMethod!;

    public static GlueMethods Typed(TypedInterceptorShape shape, Type interceptor, PluginHealth health)
    {
        var target = shape.Target;
        var stateType = typeof(GlueState<>).MakeGenericType(shape.StateType);
        var builder = GlueAssembly.DefineType(interceptor.Name + "_" + target.Name, interceptor.Assembly);
        Field(builder, HealthField, typeof(PluginHealth));

        var prefix = EmitTypedPrefix(builder, shape, stateType);
        var postfix = shape.Async.IsAsync ? EmitAsyncPostfix(builder, shape, stateType) : shape.OnExit is null ? null : EmitSyncPostfix(builder, shape, stateType);
        var finalizer = shape.OnException is not null || shape.Async.IsAsync ? EmitTypedFinalizer(builder, shape, stateType) : null;
        if (shape.Async.IsAsync)
        {
            DefineAsyncCallbacks(builder, shape);
        }

        var type = GlueAssembly.Create(builder);
        type.GetField(HealthField)!.SetValue(null, health);
        if (shape.Async.IsAsync)
        {
            SetAsyncCallbacks(type, shape);
        }

        return new GlueMethods(
            Resolve(type, prefix),
            Resolve(type, postfix),
            Resolve(type, finalizer),
            handler => handler.Name switch
            {
                "Prefix" => shape.OnEnter ?? handler,
                "Postfix" => shape.OnExit ?? handler,
                _ => shape.OnException ?? handler,
            });
    }

    public static GlueMethods Untyped(MethodBase target, IMethodInterceptor interceptor, PluginHealth health, bool overrideArguments)
    {
        var builder = GlueAssembly.DefineType(interceptor.GetType().Name + "_" + target.Name, interceptor.GetType().Assembly);
        Field(builder, HealthField, typeof(PluginHealth));
        Field(builder, InterceptorField, typeof(IMethodInterceptor));
        var async = AsyncShape.Of(target);
        var parameters = new GlueParameters();
        var isInstance = !target.IsStatic;
        if (isInstance)
        {
            parameters.Add("__instance", typeof(object));
        }

        var targetParameters = target.GetParameters();
        for (var k = 0; k < targetParameters.Length; k++)
        {
            var original = targetParameters[k].ParameterType;
            parameters.Add("__" + k, original.IsByRef ? original : overrideArguments ? original.MakeByRefType() : typeof(object));
        }

        var returnType = async.ReturnType;
        if (returnType != typeof(void))
        {
            parameters.Add("__result", returnType.MakeByRefType());
        }

        parameters.Add("__state", typeof(GlueState<UntypedCall?>).MakeByRefType());
        parameters.Add("__originalMethod", typeof(MethodBase));
        var prefix = parameters.Define(builder, "Prefix", typeof(bool));
        var il = prefix.GetILGenerator();
        var on = il.DefineLabel();
        il.Emit(OpCodes.Ldsfld, Field(builder, HealthField));
        il.Emit(OpCodes.Callvirt, EnabledGetter);
        il.Emit(OpCodes.Brtrue, on);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(on);
        var args = il.DeclareLocal(typeof(object[]));
        var run = il.DeclareLocal(typeof(bool));
        il.Emit(OpCodes.Ldc_I4, targetParameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        il.Emit(OpCodes.Stloc, args);
        for (var k = 0; k < targetParameters.Length; k++)
        {
            il.Emit(OpCodes.Ldloc, args);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__" + k));
            var original = targetParameters[k].ParameterType;
            if (original.IsByRef || overrideArguments)
            {
                var plain = original.IsByRef ? original.GetElementType()! : original;
                il.Emit(OpCodes.Ldobj, plain);
                if (plain.IsValueType)
                {
                    il.Emit(OpCodes.Box, plain);
                }
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Ldsfld, Field(builder, InterceptorField));
        il.Emit(OpCodes.Ldsfld, Field(builder, HealthField));
        if (isInstance)
        {
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__instance"));
        }
        else
        {
            il.Emit(OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__originalMethod"));
        il.Emit(OpCodes.Ldloc, args);
        il.Emit(overrideArguments ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
        il.Emit(OpCodes.Call, typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.Before))!);
        il.Emit(OpCodes.Stloc, run);
        if (overrideArguments)
        {
            // The interceptor may have changed the array: write it back to the arguments the original will see.
            for (var k = 0; k < targetParameters.Length; k++)
            {
                var original = targetParameters[k].ParameterType;
                var plain = original.IsByRef ? original.GetElementType()! : original;
                il.Emit(OpCodes.Ldarg, parameters.IndexOf("__" + k));
                il.Emit(OpCodes.Ldloc, args);
                il.Emit(OpCodes.Ldc_I4, k);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Unbox_Any, plain);
                il.Emit(OpCodes.Stobj, plain);
            }
        }

        if (returnType != typeof(void))
        {
            var done = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, run);
            il.Emit(OpCodes.Brtrue, done);
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__result"));
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
            il.Emit(OpCodes.Call, typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.SkippedResult))!.MakeGenericMethod(returnType));
            il.Emit(OpCodes.Stobj, returnType);
            il.MarkLabel(done);
        }

        il.Emit(OpCodes.Ldloc, run);
        il.Emit(OpCodes.Ret);

        var type = GlueAssembly.Create(builder);
        type.GetField(HealthField)!.SetValue(null, health);
        type.GetField(InterceptorField)!.SetValue(null, interceptor);
        var postfix = async.Kind switch
        {
            AsyncKind.Task => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.PostfixPlainTask))!,
            AsyncKind.ValueTask => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.PostfixPlainValueTask))!,
            AsyncKind.TaskOfT => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.PostfixTask))!.MakeGenericMethod(async.AwaitedType),
            AsyncKind.ValueTaskOfT => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.PostfixValueTask))!.MakeGenericMethod(async.AwaitedType),
            _ when returnType == typeof(void) => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.PostfixVoid))!,
            _ => typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.Postfix))!.MakeGenericMethod(returnType),
        };
        var interceptorType = interceptor.GetType();
        return new GlueMethods(type.GetMethod("Prefix")!, postfix, typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.Finalizer))!,
            handler => handler.Name == "Prefix" ? interceptorType.GetMethod(nameof(IMethodInterceptor.BeforeMethod)) ?? handler : handler);
    }

    public static GlueMethods Constructor(ConstructorInfo target, IConstructorInterceptor interceptor, PluginHealth health)
    {
        var builder = GlueAssembly.DefineType(interceptor.GetType().Name + "_ctor", interceptor.GetType().Assembly);
        Field(builder, HealthField, typeof(PluginHealth));
        Field(builder, InterceptorField, typeof(IConstructorInterceptor));
        var parameters = new GlueParameters();
        parameters.Add("__instance", typeof(object));
        var targetParameters = target.GetParameters();
        for (var k = 0; k < targetParameters.Length; k++)
        {
            var original = targetParameters[k].ParameterType;
            parameters.Add("__" + k, original.IsByRef ? original : typeof(object));
        }

        var postfix = parameters.Define(builder, "Postfix", typeof(void));
        var il = postfix.GetILGenerator();
        il.Emit(OpCodes.Ldsfld, Field(builder, InterceptorField));
        il.Emit(OpCodes.Ldsfld, Field(builder, HealthField));
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__instance"));
        il.Emit(OpCodes.Ldc_I4, targetParameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        for (var k = 0; k < targetParameters.Length; k++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, k);
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__" + k));
            if (targetParameters[k].ParameterType.IsByRef)
            {
                var plain = targetParameters[k].ParameterType.GetElementType()!;
                il.Emit(OpCodes.Ldobj, plain);
                if (plain.IsValueType)
                {
                    il.Emit(OpCodes.Box, plain);
                }
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Call, typeof(UntypedSupport).GetMethod(nameof(UntypedSupport.Constructed))!);
        il.Emit(OpCodes.Ret);
        var type = GlueAssembly.Create(builder);
        type.GetField(HealthField)!.SetValue(null, health);
        type.GetField(InterceptorField)!.SetValue(null, interceptor);
        return new GlueMethods(null, type.GetMethod("Postfix")!, null, handler => handler);
    }

    private static MethodBuilder EmitTypedPrefix(TypeBuilder builder, TypedInterceptorShape shape, Type stateType)
    {
        var parameters = Collect(shape.EnterParameters);
        parameters.Add("__state", stateType.MakeByRefType());
        var method = parameters.Define(builder, "Prefix", typeof(bool));
        var il = method.GetILGenerator();
        var on = il.DefineLabel();
        EmitHealthCheck(il, builder, on);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ret);
        il.MarkLabel(on);
        if (shape.Async.IsAsync)
        {
            // Only an async target needs the caller's activity back; reading Activity.Current costs an async-local lookup.
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
            il.Emit(OpCodes.Call, typeof(GlueSupport).GetMethod(nameof(GlueSupport.Save))!.MakeGenericMethod(shape.StateType));
        }

        var verdict = il.DeclareLocal(typeof(bool));
        if (shape.OnEnter is { } enter)
        {
            EmitLoads(il, parameters, shape.EnterParameters, stateType);
            il.Emit(OpCodes.Call, enter);
            if (enter.ReturnType == typeof(void))
            {
                il.Emit(OpCodes.Ldc_I4_1);
            }
        }
        else
        {
            il.Emit(OpCodes.Ldc_I4_1);
        }

        il.Emit(OpCodes.Stloc, verdict);
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
        il.Emit(OpCodes.Call, typeof(GlueSupport).GetMethod(nameof(GlueSupport.Entered))!.MakeGenericMethod(shape.StateType));
        il.Emit(OpCodes.Ldloc, verdict);
        il.Emit(OpCodes.Ret);
        return method;
    }

    private static MethodBuilder EmitSyncPostfix(TypeBuilder builder, TypedInterceptorShape shape, Type stateType)
    {
        var parameters = Collect(shape.ExitParameters);
        parameters.Add("__state", stateType.MakeByRefType());
        var method = parameters.Define(builder, "Postfix", typeof(void));
        var il = method.GetILGenerator();
        var end = il.DefineLabel();
        var on = il.DefineLabel();
        EmitEnteredCheck(il, parameters, stateType, end);
        EmitHealthCheck(il, builder, on);
        il.Emit(OpCodes.Br, end);
        il.MarkLabel(on);
        EmitLoads(il, parameters, shape.ExitParameters, stateType);
        il.Emit(OpCodes.Call, shape.OnExit!);
        il.MarkLabel(end);
        il.Emit(OpCodes.Ret);
        return method;
    }

    private static MethodBuilder EmitAsyncPostfix(TypeBuilder builder, TypedInterceptorShape shape, Type stateType)
    {
        var async = shape.Async;
        var parameters = new GlueParameters();
        parameters.Add("__result", async.ReturnType.MakeByRefType());
        parameters.Add("__state", stateType.MakeByRefType());
        if (!shape.Target.IsStatic)
        {
            parameters.Add("__instance", typeof(object));
        }

        parameters.Add("__originalMethod", typeof(MethodBase));
        var method = parameters.Define(builder, "Postfix", typeof(void));
        var il = method.GetILGenerator();
        var end = il.DefineLabel();
        EmitEnteredCheck(il, parameters, stateType, end);
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__result"));
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__result"));
        il.Emit(OpCodes.Ldobj, async.ReturnType);
        if (parameters.Has("__instance"))
        {
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__instance"));
        }
        else
        {
            il.Emit(OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
        il.Emit(OpCodes.Ldfld, stateType.GetField(nameof(GlueState<NoState>.User))!);
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__originalMethod"));
        il.Emit(OpCodes.Ldsfld, Field(builder, ExitField, ExitDelegateType(shape)));
        il.Emit(OpCodes.Ldsfld, Field(builder, ErrorField, typeof(AsyncError<>).MakeGenericType(shape.StateType)));
        var completion = CompletionMethod(shape);
        if (async.Kind is AsyncKind.TaskOfT or AsyncKind.ValueTaskOfT)
        {
            il.Emit(shape.ExitReplacesResult ? OpCodes.Ldc_I4_1 : OpCodes.Ldc_I4_0);
        }

        il.Emit(OpCodes.Ldsfld, Field(builder, HealthField));
        il.Emit(OpCodes.Call, completion);
        il.Emit(OpCodes.Stobj, async.ReturnType);
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
        il.Emit(OpCodes.Call, typeof(GlueSupport).GetMethod(nameof(GlueSupport.Leave))!.MakeGenericMethod(shape.StateType));
        il.MarkLabel(end);
        il.Emit(OpCodes.Ret);
        return method;
    }

    private static MethodBuilder EmitTypedFinalizer(TypeBuilder builder, TypedInterceptorShape shape, Type stateType)
    {
        var parameters = Collect(shape.ExceptionParameters);
        parameters.Add("__exception", typeof(Exception));
        parameters.Add("__state", stateType.MakeByRefType());
        var method = parameters.Define(builder, "Finalizer", typeof(void));
        var il = method.GetILGenerator();
        var end = il.DefineLabel();
        var leave = il.DefineLabel();
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__exception"));
        il.Emit(OpCodes.Brfalse, end);
        EmitEnteredCheck(il, parameters, stateType, end);
        if (shape.OnException is { } error)
        {
            var on = il.DefineLabel();
            EmitHealthCheck(il, builder, on);
            il.Emit(OpCodes.Br, leave);
            il.MarkLabel(on);
            EmitLoads(il, parameters, shape.ExceptionParameters, stateType);
            il.Emit(OpCodes.Call, error);
        }

        il.MarkLabel(leave);
        if (shape.Async.IsAsync)
        {
            il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
            il.Emit(OpCodes.Call, typeof(GlueSupport).GetMethod(nameof(GlueSupport.Leave))!.MakeGenericMethod(shape.StateType));
        }

        il.MarkLabel(end);
        il.Emit(OpCodes.Ret);
        return method;
    }

    // The async callbacks take a fixed signature; these adapters reorder and convert for the interceptor's own one.
    private static void DefineAsyncCallbacks(TypeBuilder builder, TypedInterceptorShape shape)
    {
        var awaited = shape.Async.AwaitedType;
        var stateRef = shape.StateType.MakeByRefType();
        if (shape.OnExit is { } exit)
        {
            var method = builder.DefineMethod("Exit", MethodAttributes.Public | MethodAttributes.Static, typeof(void),
                [typeof(object), awaited.MakeByRefType(), stateRef, typeof(MethodBase)]);
            EmitCallbackBody(method.GetILGenerator(), exit, shape.ExitParameters, awaited);
        }

        if (shape.OnException is { } error)
        {
            var method = builder.DefineMethod("Error", MethodAttributes.Public | MethodAttributes.Static, typeof(void),
                [typeof(object), typeof(Exception), stateRef, typeof(MethodBase)]);
            EmitCallbackBody(method.GetILGenerator(), error, shape.ExceptionParameters, awaited);
        }
    }

    private static void EmitCallbackBody(ILGenerator il, MethodInfo callback, IReadOnlyList<ParameterSource> sources, Type awaited)
    {
        foreach (var source in sources)
        {
            switch (source.Kind)
            {
                case ParameterKind.Instance:
                    il.Emit(OpCodes.Ldarg_0);
                    EmitConvertFromObject(il, source.Type);
                    break;
                case ParameterKind.Result:
                    il.Emit(OpCodes.Ldarg_1);
                    if (!source.Type.IsByRef)
                    {
                        il.Emit(OpCodes.Ldobj, awaited);
                        if (awaited.IsValueType && !source.Type.IsValueType)
                        {
                            il.Emit(OpCodes.Box, awaited);
                        }
                    }

                    break;
                case ParameterKind.Exception:
                    il.Emit(OpCodes.Ldarg_1);
                    break;
                case ParameterKind.State:
                    il.Emit(OpCodes.Ldarg_2);
                    break;
                case ParameterKind.Method:
                    il.Emit(OpCodes.Ldarg_3);
                    break;
            }
        }

        il.Emit(OpCodes.Call, callback);
        il.Emit(OpCodes.Ret);
    }

    private static void SetAsyncCallbacks(Type type, TypedInterceptorShape shape)
    {
        if (type.GetMethod("Exit") is { } exit)
        {
            type.GetField(ExitField)!.SetValue(null, Delegate.CreateDelegate(ExitDelegateType(shape), exit));
        }

        if (type.GetMethod("Error") is { } error)
        {
            type.GetField(ErrorField)!.SetValue(null, Delegate.CreateDelegate(typeof(AsyncError<>).MakeGenericType(shape.StateType), error));
        }
    }

    private static Type ExitDelegateType(TypedInterceptorShape shape) => typeof(AsyncExit<,>).MakeGenericType(shape.Async.AwaitedType, shape.StateType);

    private static MethodInfo CompletionMethod(TypedInterceptorShape shape)
    {
        var methods = typeof(AsyncCompletion).GetMethods();
        var awaited = shape.Async.AwaitedType;
        var state = shape.StateType;
        return shape.Async.Kind switch
        {
            AsyncKind.TaskOfT => methods.Single(m => m.Name == nameof(AsyncCompletion.OfTask) && m.GetGenericArguments().Length == 2).MakeGenericMethod(awaited, state),
            AsyncKind.Task => methods.Single(m => m.Name == nameof(AsyncCompletion.OfTask) && m.GetGenericArguments().Length == 1).MakeGenericMethod(state),
            AsyncKind.ValueTaskOfT => methods.Single(m => m.Name == nameof(AsyncCompletion.OfValueTask) && m.GetGenericArguments().Length == 2).MakeGenericMethod(awaited, state),
            _ => methods.Single(m => m.Name == nameof(AsyncCompletion.OfValueTask) && m.GetGenericArguments().Length == 1).MakeGenericMethod(state),
        };
    }

    private static GlueParameters Collect(IReadOnlyList<ParameterSource> sources)
    {
        var parameters = new GlueParameters();
        foreach (var source in sources)
        {
            switch (source.Kind)
            {
                case ParameterKind.Instance:
                    parameters.Add("__instance", source.Type);
                    break;
                case ParameterKind.Argument:
                    parameters.Add("__" + source.Position, source.Type);
                    break;
                case ParameterKind.Result:
                    parameters.Add("__result", source.Type);
                    break;
                case ParameterKind.Exception:
                    parameters.Add("__exception", typeof(Exception));
                    break;
                case ParameterKind.Method:
                    parameters.Add("__originalMethod", typeof(MethodBase));
                    break;
            }
        }

        return parameters;
    }

    private static void EmitLoads(ILGenerator il, GlueParameters parameters, IReadOnlyList<ParameterSource> sources, Type stateType)
    {
        foreach (var source in sources)
        {
            switch (source.Kind)
            {
                case ParameterKind.Instance:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__instance"));
                    break;
                case ParameterKind.Argument:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__" + source.Position));
                    break;
                case ParameterKind.Result:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__result"));
                    break;
                case ParameterKind.Exception:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__exception"));
                    break;
                case ParameterKind.Method:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__originalMethod"));
                    break;
                case ParameterKind.State:
                    il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
                    il.Emit(OpCodes.Ldflda, stateType.GetField(nameof(GlueState<NoState>.User))!);
                    break;
            }
        }
    }

    private static void EmitEnteredCheck(ILGenerator il, GlueParameters parameters, Type stateType, Label skip)
    {
        il.Emit(OpCodes.Ldarg, parameters.IndexOf("__state"));
        il.Emit(OpCodes.Ldfld, stateType.GetField(nameof(GlueState<NoState>.Entered))!);
        il.Emit(OpCodes.Brfalse, skip);
    }

    private static void EmitHealthCheck(ILGenerator il, TypeBuilder builder, Label enabled)
    {
        il.Emit(OpCodes.Ldsfld, Field(builder, HealthField));
        il.Emit(OpCodes.Callvirt, EnabledGetter);
        il.Emit(OpCodes.Brtrue, enabled);
    }

    private static void EmitConvertFromObject(ILGenerator il, Type type)
    {
        if (type == typeof(object))
        {
            return;
        }

        il.Emit(type.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, type);
    }

    // A type under construction cannot look its fields up, so the glue keeps the builders it defined.
    private static FieldBuilder Field(TypeBuilder builder, string name, Type? type = null)
    {
        var fields = DefinedFields.GetOrCreateValue(builder);
        if (!fields.TryGetValue(name, out var field))
        {
            field = builder.DefineField(name, type ?? throw new InvalidOperationException($"field {name} was not defined"), FieldAttributes.Public | FieldAttributes.Static);
            fields[name] = field;
        }

        return field;
    }

    private static MethodInfo? Resolve(Type type, MethodBuilder? builder) => builder is null ? null : type.GetMethod(builder.Name);
}
