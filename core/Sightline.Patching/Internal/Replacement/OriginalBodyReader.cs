using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Decodes a method's IL bytes into instructions and resolves every token with the method's generic context, so
/// the body can be re-emitted into a DynamicMethod.
/// </summary>
internal static class OriginalBodyReader
{
    private static readonly OpCode[] OneByte = new OpCode[256];
    private static readonly OpCode[] TwoByte = new OpCode[256];

#pragma warning disable CA1810 // The tables are built from reflection once; a static constructor is the clear place.
    static OriginalBodyReader()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            var value = (ushort)opCode.Value;
            if (opCode.Size == 1)
            {
                OneByte[value] = opCode;
            }
            else
            {
                TwoByte[value & 0xFF] = opCode;
            }
        }
    }

    /// <summary>Decodes the body; throws <see cref="NotSupportedException"/> for constructs that cannot be copied.</summary>
    public static List<IlInstruction> Read(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArgs = method is MethodInfo { IsGenericMethod: true } ? method.GetGenericArguments() : null;
        var instructions = new List<IlInstruction>();
        var position = 0;
        while (position < il.Length)
        {
            var start = position;
            OpCode opCode;
            if (il[position] == 0xFE)
            {
                opCode = TwoByte[il[position + 1]];
                position += 2;
            }
            else
            {
                opCode = OneByte[il[position]];
                position++;
            }

            if (opCode.Size == 0)
            {
                throw new NotSupportedException($"unknown IL opcode at IL_{start:x4}");
            }

            object? operand;
            var span = il.AsSpan(position);
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    operand = null;
                    break;
                case OperandType.ShortInlineBrTarget:
                    operand = position + 1 + (sbyte)il[position];
                    position += 1;
                    break;
                case OperandType.InlineBrTarget:
                    operand = position + 4 + BinaryPrimitives.ReadInt32LittleEndian(span);
                    position += 4;
                    break;
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    operand = il[position];
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    operand = BinaryPrimitives.ReadUInt16LittleEndian(span);
                    position += 2;
                    break;
                case OperandType.InlineI:
                    operand = BinaryPrimitives.ReadInt32LittleEndian(span);
                    position += 4;
                    break;
                case OperandType.InlineI8:
                    operand = BinaryPrimitives.ReadInt64LittleEndian(span);
                    position += 8;
                    break;
                case OperandType.ShortInlineR:
                    operand = BinaryPrimitives.ReadSingleLittleEndian(span);
                    position += 4;
                    break;
                case OperandType.InlineR:
                    operand = BinaryPrimitives.ReadDoubleLittleEndian(span);
                    position += 8;
                    break;
                case OperandType.InlineString:
                    operand = module.ResolveString(BinaryPrimitives.ReadInt32LittleEndian(span));
                    position += 4;
                    break;
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    operand = module.ResolveMember(BinaryPrimitives.ReadInt32LittleEndian(span), typeArgs, methodArgs);
                    position += 4;
                    break;
                case OperandType.InlineSwitch:
                    var count = BinaryPrimitives.ReadInt32LittleEndian(span);
                    var baseOffset = position + 4 + (4 * count);
                    var targets = new int[count];
                    for (var i = 0; i < count; i++)
                    {
                        targets[i] = baseOffset + BinaryPrimitives.ReadInt32LittleEndian(span[(4 + (4 * i))..]);
                    }

                    operand = targets;
                    position = baseOffset;
                    break;
                case OperandType.InlineSig:
                    throw new NotSupportedException("the body uses calli (stand-alone signatures are not copied)");
                default:
                    throw new NotSupportedException($"operand type {opCode.OperandType} at IL_{start:x4}");
            }

            if (opCode == OpCodes.Jmp)
            {
                throw new NotSupportedException("the body uses jmp");
            }

            if (opCode == OpCodes.Arglist)
            {
                throw new NotSupportedException("the method is varargs");
            }

            instructions.Add(new IlInstruction(start, position - start, opCode, operand));
        }

        return instructions;
    }
}
