using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Emits one handler call. For a patch with <see cref="PatchRequest.OnHandlerException"/> the call is wrapped in a
/// try/catch that reports the exception and restores what the handler may have half-changed (the result, the
/// run-original flag and whatever its <c>ref</c> parameters reach), so the application sees exactly the unpatched
/// behaviour.
/// </summary>
internal sealed class HandlerCallEmitter(IlEmitter il, ReplacementPlan plan, HookArgumentBinder binder)
{
    public void EmitPrefix(MethodInfo prefix, PatchRequest patch, int index)
    {
        var returnsBool = prefix.ReturnType == typeof(bool);
        var verdict = returnsBool ? il.DeclareLocal(typeof(bool)) : null;
        if (verdict is not null)
        {
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Stloc, verdict);
        }

        EmitCall(prefix, patch, index, verdict);
        if (verdict is not null)
        {
            // A prefix returning false skips the original; every prefix still runs.
            var keep = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, verdict);
            il.Emit(OpCodes.Brtrue, keep);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Stloc, plan.RunOriginal);
            il.MarkLabel(keep);
        }
    }

    public void EmitPostfix(MethodInfo postfix, PatchRequest patch, int index) => EmitCall(postfix, patch, index, null);

    public void EmitFinalizer(MethodInfo finalizer, PatchRequest patch, int index)
    {
        if (finalizer.ReturnType != typeof(Exception))
        {
            EmitCall(finalizer, patch, index, null);
            return;
        }

        // The returned exception replaces the current one (null suppresses it); a failing wrapped finalizer
        // leaves the current one in place.
        var returned = il.DeclareLocal(typeof(Exception));
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Stloc, returned);
        EmitCall(finalizer, patch, index, returned);
        il.Emit(OpCodes.Ldloc, returned);
        il.Emit(OpCodes.Stloc, plan.Exception);
    }

    private void EmitCall(MethodInfo handler, PatchRequest patch, int index, LocalBuilder? returnInto)
    {
        if (patch.OnHandlerException is not { } callback)
        {
            EmitBoundCall(handler, index, returnInto);
            return;
        }

        var slot = HandlerFaultSink.Register(handler, callback);
        var savedResult = plan.Result is null ? null : il.DeclareLocal(plan.Result.LocalType);
        var savedRunOriginal = il.DeclareLocal(typeof(bool));
        var fault = il.DeclareLocal(typeof(Exception));
        if (savedResult is not null)
        {
            il.Emit(OpCodes.Ldloc, plan.Result!);
            il.Emit(OpCodes.Stloc, savedResult);
        }

        il.Emit(OpCodes.Ldloc, plan.RunOriginal);
        il.Emit(OpCodes.Stloc, savedRunOriginal);
        var savedRefs = binder.EmitSaveRefTargets(handler, index);
        il.BeginExceptionBlock();
        EmitBoundCall(handler, index, returnInto);
        il.BeginCatchBlock(typeof(Exception));
        il.Emit(OpCodes.Stloc, fault);
        il.Emit(OpCodes.Ldc_I4, slot);
        il.Emit(OpCodes.Ldloc, fault);
        il.Emit(OpCodes.Call, ReplacementBuilder.FaultReporter);
        if (savedResult is not null)
        {
            il.Emit(OpCodes.Ldloc, savedResult);
            il.Emit(OpCodes.Stloc, plan.Result!);
        }

        il.Emit(OpCodes.Ldloc, savedRunOriginal);
        il.Emit(OpCodes.Stloc, plan.RunOriginal);
        binder.EmitRestore(savedRefs, index);
        il.EndExceptionBlock();
    }

    private void EmitBoundCall(MethodInfo handler, int index, LocalBuilder? returnInto)
    {
        // Inside the wrapped handler's try: an __args array the handler left half-changed is never written back.
        var arguments = binder.EmitArgumentArray(handler);
        binder.EmitArguments(handler, index);
        il.Emit(OpCodes.Call, handler);
        if (returnInto is not null)
        {
            il.Emit(OpCodes.Stloc, returnInto);
        }

        if (arguments is not null)
        {
            binder.EmitArgumentWriteBack(arguments);
        }
    }
}
