using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Closes the try that surrounds prefixes, body and postfixes: the catch stores the exception, runs every finalizer
/// once and rethrows it (keeping its stack trace), throws a replacement, or suppresses it. On the normal path the
/// finalizers run with a null exception; one returning an exception there makes the call throw it.
/// </summary>
internal static class FinalizerBlockEmitter
{
    public static void Emit(IlEmitter il, ReplacementPlan plan, HandlerCallEmitter calls, List<PatchRequest> ordered)
    {
        var end = il.DefineLabel();
        var caught = il.DeclareLocal(typeof(Exception));
        il.BeginCatchBlock(typeof(Exception));
        il.Emit(OpCodes.Stloc, plan.Exception);
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Stloc, caught);
        EmitFinalizers(calls, ordered);
        var suppressed = il.DefineLabel();
        var replaced = il.DefineLabel();
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Brfalse, suppressed);
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Ldloc, caught);
        il.Emit(OpCodes.Bne_Un, replaced);
        il.Emit(OpCodes.Rethrow);
        il.MarkLabel(replaced);
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(suppressed);
        il.Emit(OpCodes.Leave, end);
        il.EndExceptionBlock();

        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Stloc, plan.Exception);
        EmitFinalizers(calls, ordered);
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Brfalse, end);
        il.Emit(OpCodes.Ldloc, plan.Exception);
        il.Emit(OpCodes.Throw);
        il.MarkLabel(end);
    }

    private static void EmitFinalizers(HandlerCallEmitter calls, List<PatchRequest> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Finalizer is { } finalizer)
            {
                calls.EmitFinalizer(finalizer, ordered[i], i);
            }
        }
    }
}
