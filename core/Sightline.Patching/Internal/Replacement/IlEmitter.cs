using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>Emits IL into a DynamicMethod and keeps a listing for <see cref="PatchingException.IlListing"/>.</summary>
internal sealed class IlEmitter(ILGenerator il)
{
    private readonly StringBuilder _listing = new();

    public ILGenerator Generator { get; } = il;

    public string Listing => _listing.ToString();

    public LocalBuilder DeclareLocal(Type type, bool pinned = false)
    {
        var local = Generator.DeclareLocal(type, pinned);
        Log($".local {local.LocalIndex} {type}{(pinned ? " pinned" : string.Empty)}");
        return local;
    }

    public Label DefineLabel() => Generator.DefineLabel();

    public void MarkLabel(Label label)
    {
        Generator.MarkLabel(label);
        Log($"L{label.GetHashCode()}:");
    }

    public void Emit(OpCode op) => Log(op.Name ?? "?", () => Generator.Emit(op));

    public void Emit(OpCode op, byte value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, short value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, int value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, long value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, float value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, double value) => Log($"{op.Name} {value}", () => Generator.Emit(op, value));

    public void Emit(OpCode op, string value) => Log($"{op.Name} \"{value}\"", () => Generator.Emit(op, value));

    public void Emit(OpCode op, Type type) => Log($"{op.Name} {type}", () => Generator.Emit(op, type));

    public void Emit(OpCode op, FieldInfo field) => Log($"{op.Name} {field.DeclaringType}::{field.Name}", () => Generator.Emit(op, field));

    public void Emit(OpCode op, MethodInfo method) => Log($"{op.Name} {method.DeclaringType}::{method}", () => Generator.Emit(op, method));

    public void Emit(OpCode op, ConstructorInfo ctor) => Log($"{op.Name} {ctor.DeclaringType}::{ctor}", () => Generator.Emit(op, ctor));

    public void Emit(OpCode op, Label label) => Log($"{op.Name} L{label.GetHashCode()}", () => Generator.Emit(op, label));

    public void Emit(OpCode op, Label[] labels) => Log($"{op.Name} ({labels.Length} targets)", () => Generator.Emit(op, labels));

    public void Emit(OpCode op, LocalBuilder local) => Log($"{op.Name} {local.LocalIndex}", () => Generator.Emit(op, local));

    public void EmitLdarg(int index) => EmitArg(index, OpCodes.Ldarg, OpCodes.Ldarg_S, index switch
    {
        0 => OpCodes.Ldarg_0,
        1 => OpCodes.Ldarg_1,
        2 => OpCodes.Ldarg_2,
        3 => OpCodes.Ldarg_3,
        _ => (OpCode?)null,
    });

    public void EmitLdarga(int index) => EmitArg(index, OpCodes.Ldarga, OpCodes.Ldarga_S, null);

    public void EmitStarg(int index) => EmitArg(index, OpCodes.Starg, OpCodes.Starg_S, null);

    public void BeginExceptionBlock() => Log(".try {", () => Generator.BeginExceptionBlock());

    public void BeginCatchBlock(Type? type) => Log($"}} catch {type} {{", () => Generator.BeginCatchBlock(type));

    public void BeginExceptFilterBlock() => Log("} filter {", Generator.BeginExceptFilterBlock);

    public void BeginFinallyBlock() => Log("} finally {", Generator.BeginFinallyBlock);

    public void BeginFaultBlock() => Log("} fault {", Generator.BeginFaultBlock);

    public void EndExceptionBlock() => Log("}", Generator.EndExceptionBlock);

    private void EmitArg(int index, OpCode longForm, OpCode shortForm, OpCode? macro)
    {
        if (macro is { } m)
        {
            Emit(m);
        }
        else if (index <= byte.MaxValue)
        {
            Emit(shortForm, (byte)index);
        }
        else
        {
            Emit(longForm, (short)index);
        }
    }

    private void Log(string line) => _listing.AppendLine(line);

    private void Log(string line, Action emit)
    {
        _listing.AppendLine(line);
        emit();
    }
}
