using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Builds the replacement of a target: a static DynamicMethod (owner = the declaring type, visibility checks off)
/// made of the prefixes, a copy of the original body, the postfixes, and - when any patch has one - the finalizers
/// in a catch and after the normal path. The method is named after the original, so stack traces read
/// <c>Namespace.Type.Method</c>.
/// </summary>
internal static class ReplacementBuilder
{
    private static readonly MethodInfo ReportFault = typeof(HandlerFaultSink).GetMethod(nameof(HandlerFaultSink.Report))!;

    public static DynamicMethod Build(MethodBase original, int targetId, IReadOnlyList<PatchRequest> patches, out Func<string> listing)
    {
        var body = original.GetMethodBody() ?? throw new NotSupportedException("the method has no IL body");
        var il = body.GetILAsByteArray() ?? throw new NotSupportedException("the method has no IL body");
        var instructions = OriginalBodyReader.Read(original, il);
        var plan = ReplacementPlan.For(original, targetId);
        var name = $"{original.DeclaringType!.FullName}.{original.Name}";
        var method = new DynamicMethod(
            name, MethodAttributes.Public | MethodAttributes.Static, CallingConventions.Standard,
            plan.ReplacementReturnType, plan.ParameterTypes, original.DeclaringType, skipVisibility: true);
        for (var i = 0; i < original.GetParameters().Length; i++)
        {
            var parameter = original.GetParameters()[i];
            method.DefineParameter(i + 1 + (plan.IsInstance ? 1 : 0) + (plan.UsesReturnBufferGlue ? 1 : 0), parameter.Attributes, parameter.Name);
        }

        method.InitLocals = body.InitLocals;
        var emitter = new IlEmitter(method.GetILGenerator(Math.Max(64, il.Length * 2)));
        var binder = new HookArgumentBinder(emitter, plan);
        var ordered = Order(patches);

        foreach (var local in body.LocalVariables.OrderBy(l => l.LocalIndex))
        {
            emitter.DeclareLocal(local.LocalType, local.IsPinned);
        }

        plan.Result = plan.ReturnType == typeof(void) ? null : emitter.DeclareLocal(plan.ReturnType);
        plan.RunOriginal = emitter.DeclareLocal(typeof(bool));
        plan.Exception = emitter.DeclareLocal(typeof(Exception));
        for (var i = 0; i < ordered.Count; i++)
        {
            var stateType = Handlers(ordered[i]).SelectMany(h => h.GetParameters()).FirstOrDefault(p => p.Name == "__state")?.ParameterType;
            if (stateType is not null)
            {
                plan.States[i] = emitter.DeclareLocal(stateType.IsByRef ? stateType.GetElementType()! : stateType);
            }

            foreach (var handler in Handlers(ordered[i]))
            {
                ValidateHandler(handler, ordered[i], plan);
                binder.Validate(handler, i);
            }
        }

        plan.AfterOriginal = emitter.DefineLabel();
        var hasFinalizers = ordered.Any(p => p.Finalizer is not null);
        var calls = new HandlerCallEmitter(emitter, plan, binder);

        emitter.Emit(OpCodes.Ldc_I4_1);
        emitter.Emit(OpCodes.Stloc, plan.RunOriginal);
        if (hasFinalizers)
        {
            emitter.BeginExceptionBlock();
        }

        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Prefix is { } prefix)
            {
                calls.EmitPrefix(prefix, ordered[i], i);
            }
        }

        emitter.Emit(OpCodes.Ldloc, plan.RunOriginal);
        emitter.Emit(OpCodes.Brfalse, plan.AfterOriginal);
        new OriginalBodyEmitter(emitter, plan).Emit(instructions, body.ExceptionHandlingClauses);
        emitter.MarkLabel(plan.AfterOriginal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Postfix is { } postfix)
            {
                calls.EmitPostfix(postfix, ordered[i], i);
            }
        }

        if (hasFinalizers)
        {
            FinalizerBlockEmitter.Emit(emitter, plan, calls, ordered);
        }

        EmitReturn(emitter, plan);
        listing = () => emitter.Listing;
        return method;
    }

    /// <summary>Descending priority; equal priorities keep the order in which they were applied (stable sort).</summary>
    public static List<PatchRequest> Order(IReadOnlyList<PatchRequest> patches)
    {
        // An insertion sort, not LINQ over (patch, index) tuples: generic code over value types is JIT-compiled at
        // start-up (ReadyToRun cannot hold framework generics instantiated over them).
        var ordered = new List<PatchRequest>(patches.Count);
        foreach (var patch in patches)
        {
            var at = ordered.Count;
            while (at > 0 && ordered[at - 1].Priority < patch.Priority)
            {
                at--;
            }

            ordered.Insert(at, patch);
        }

        return ordered;
    }

    private static IEnumerable<MethodInfo> Handlers(PatchRequest patch) =>
        new[] { patch.Prefix, patch.Postfix, patch.Finalizer }.OfType<MethodInfo>();

    private static void ValidateHandler(MethodInfo handler, PatchRequest patch, ReplacementPlan plan)
    {
        if (!handler.IsStatic)
        {
            throw new NotSupportedException($"handler {handler.Name} must be static");
        }

        if (handler.ContainsGenericParameters)
        {
            throw new NotSupportedException($"handler {handler.Name} is an open generic method");
        }

        var returns = handler.ReturnType;
        if (handler == patch.Prefix && returns != typeof(void) && returns != typeof(bool))
        {
            throw new NotSupportedException($"prefix {handler.Name} must return void or bool");
        }

        if (handler == patch.Postfix && returns != typeof(void))
        {
            throw new NotSupportedException($"postfix {handler.Name} must return void (change the result through ref __result)");
        }

        if (handler == patch.Finalizer && returns != typeof(void) && returns != typeof(Exception))
        {
            throw new NotSupportedException($"finalizer {handler.Name} must return void or Exception");
        }

        _ = plan;
    }

    private static void EmitReturn(IlEmitter il, ReplacementPlan plan)
    {
        if (plan.UsesReturnBufferGlue)
        {
            // Copy the result into the caller's buffer and return the buffer's address in rax.
            il.EmitLdarg(1);
            il.Emit(OpCodes.Ldloc, plan.Result!);
            il.Emit(OpCodes.Stobj, plan.ReturnType);
            il.EmitLdarg(1);
            il.Emit(OpCodes.Conv_U);
        }
        else if (plan.Result is not null)
        {
            il.Emit(OpCodes.Ldloc, plan.Result);
        }

        il.Emit(OpCodes.Ret);
    }

    internal static MethodInfo FaultReporter => ReportFault;
}
