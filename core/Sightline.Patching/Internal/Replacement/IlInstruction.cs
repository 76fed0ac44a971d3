using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>One decoded instruction of the original body; branch operands are IL offsets.</summary>
internal sealed class IlInstruction(int offset, int size, OpCode opCode, object? operand)
{
    public int Offset { get; } = offset;

    public int Size { get; } = size;

    public OpCode OpCode { get; } = opCode;

    /// <summary>Resolved member, literal, local/argument index, target offset (int) or targets (int[]).</summary>
    public object? Operand { get; } = operand;

    public override string ToString() => $"IL_{Offset:x4}: {OpCode.Name} {Operand}";
}
