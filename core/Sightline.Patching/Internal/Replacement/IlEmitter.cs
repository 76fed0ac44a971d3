using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>Emits IL into a DynamicMethod and keeps a listing for <see cref="PatchingException.IlListing"/>.</summary>
internal sealed class IlEmitter(ILGenerator il)
{
    // Instructions are recorded raw and formatted only when a listing is asked for (a failure): formatting
    // member signatures for every instruction of every patch would dominate start-up patching time.
    private readonly List<(string Op, object? Operand)> _lines = [];

    public ILGenerator Generator { get; } = il;

    public string Listing
    {
        get
        {
            var text = new StringBuilder();
            foreach (var (op, operand) in _lines)
            {
                text.Append(op);
                if (operand is not null)
                {
                    text.Append(' ').Append(Format(operand));
                }

                text.AppendLine();
            }

            return text.ToString();
        }
    }

    public LocalBuilder DeclareLocal(Type type, bool pinned = false)
    {
        var local = Generator.DeclareLocal(type, pinned);
        _lines.Add((".local", new LocalLine(local.LocalIndex, type, pinned)));
        return local;
    }

    public Label DefineLabel() => Generator.DefineLabel();

    public void MarkLabel(Label label)
    {
        Generator.MarkLabel(label);
        _lines.Add(("label", label));
    }

    public void Emit(OpCode op)
    {
        _lines.Add((op.Name ?? "?", null));
        Generator.Emit(op);
    }

    public void Emit(OpCode op, byte value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, short value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, int value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, long value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, float value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, double value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, string value)
    {
        _lines.Add((op.Name ?? "?", value));
        Generator.Emit(op, value);
    }

    public void Emit(OpCode op, Type type)
    {
        _lines.Add((op.Name ?? "?", type));
        Generator.Emit(op, type);
    }

    public void Emit(OpCode op, FieldInfo field)
    {
        _lines.Add((op.Name ?? "?", field));
        Generator.Emit(op, field);
    }

    public void Emit(OpCode op, MethodInfo method)
    {
        _lines.Add((op.Name ?? "?", method));
        Generator.Emit(op, method);
    }

    public void Emit(OpCode op, ConstructorInfo ctor)
    {
        _lines.Add((op.Name ?? "?", ctor));
        Generator.Emit(op, ctor);
    }

    public void Emit(OpCode op, Label label)
    {
        _lines.Add((op.Name ?? "?", label));
        Generator.Emit(op, label);
    }

    public void Emit(OpCode op, Label[] labels)
    {
        _lines.Add((op.Name ?? "?", labels));
        Generator.Emit(op, labels);
    }

    public void Emit(OpCode op, LocalBuilder local)
    {
        _lines.Add((op.Name ?? "?", local));
        Generator.Emit(op, local);
    }

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

    public void BeginExceptionBlock()
    {
        _lines.Add((".try {", null));
        Generator.BeginExceptionBlock();
    }

    public void BeginCatchBlock(Type? type)
    {
        _lines.Add(("} catch {", type));
        Generator.BeginCatchBlock(type);
    }

    public void BeginExceptFilterBlock()
    {
        _lines.Add(("} filter {", null));
        Generator.BeginExceptFilterBlock();
    }

    public void BeginFinallyBlock()
    {
        _lines.Add(("} finally {", null));
        Generator.BeginFinallyBlock();
    }

    public void BeginFaultBlock()
    {
        _lines.Add(("} fault {", null));
        Generator.BeginFaultBlock();
    }

    public void EndExceptionBlock()
    {
        _lines.Add(("}", null));
        Generator.EndExceptionBlock();
    }

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

    private static string Format(object operand) => operand switch
    {
        Label label => $"L{label.GetHashCode()}",
        Label[] labels => $"({labels.Length} targets)",
        LocalBuilder local => $"V_{local.LocalIndex}",
        string text => $"\"{text}\"",
        MethodBase method => $"{method.DeclaringType}::{method}",
        FieldInfo field => $"{field.DeclaringType}::{field.Name}",
        _ => operand.ToString() ?? string.Empty,
    };

    // A class, not a (int, Type, bool) tuple: generic code over value types is JIT-compiled at start-up.
    private sealed class LocalLine(int index, Type type, bool pinned)
    {
        public override string ToString() => $"({index}, {type}, {pinned})";
    }
}
