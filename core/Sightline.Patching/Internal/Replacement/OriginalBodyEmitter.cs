using System.Reflection;
using System.Reflection.Emit;

namespace Sightline.Patching.Internal.Replacement;

/// <summary>
/// Re-emits the original body inside the replacement: branches become labels (always the long form, the body
/// grows), exception clauses are rebuilt with ILGenerator's blocks, every <c>ret</c> becomes "store the result,
/// leave to the postfixes", <c>tail.</c> is dropped (the call no longer precedes a ret) and argument indices are
/// shifted when the replacement has an extra leading parameter (hidden return buffer).
/// </summary>
internal sealed class OriginalBodyEmitter(IlEmitter il, ReplacementPlan plan)
{
    public void Emit(List<IlInstruction> instructions, IList<ExceptionHandlingClause> clauses)
    {
        // Labels by IL offset in arrays, and no LINQ over offsets or (offset, length) keys: generic code over value
        // types is JIT-compiled at start-up (ReadyToRun cannot hold framework generics instantiated over them).
        var endOffset = instructions.Count == 0 ? 0 : instructions[^1].Offset + instructions[^1].Size;
        var labels = new Label[endOffset + 1];
        var labelled = new bool[endOffset + 1];
        foreach (var instruction in instructions)
        {
            switch (instruction.Operand)
            {
                case int target when IsBranch(instruction.OpCode):
                    DefineLabel(labels, labelled, target);
                    break;
                case int[] targets:
                    foreach (var target in targets)
                    {
                        DefineLabel(labels, labelled, target);
                    }

                    break;
            }
        }

        var groups = GroupByTryBlock(clauses);
        var filterEnds = new bool[endOffset + 1];
        var blockEdges = new bool[endOffset + 1];
        foreach (var group in groups)
        {
            Mark(blockEdges, group.TryOffset);
            Mark(blockEdges, group.End);
        }

        foreach (var clause in clauses)
        {
            Mark(blockEdges, clause.HandlerOffset);
            if (clause.Flags == ExceptionHandlingClauseOptions.Filter)
            {
                Mark(blockEdges, clause.FilterOffset);
                Mark(filterEnds, clause.HandlerOffset);
            }
        }

        foreach (var instruction in instructions)
        {
            if (blockEdges[instruction.Offset])
            {
                OpenAndCloseBlocks(groups, instruction.Offset);
            }

            if (labelled[instruction.Offset])
            {
                il.MarkLabel(labels[instruction.Offset]);
            }

            // ILGenerator writes the endfilter itself when the catch part of a filter block begins.
            if (instruction.OpCode == OpCodes.Endfilter && filterEnds[instruction.Offset + instruction.Size])
            {
                continue;
            }

            EmitInstruction(instruction, labels);
        }

        OpenAndCloseBlocks(groups, endOffset);
    }

    /// <summary>The clauses grouped by protected block, in order of first appearance, each by handler offset.</summary>
    private static List<ClauseGroup> GroupByTryBlock(IList<ExceptionHandlingClause> clauses)
    {
        var groups = new List<ClauseGroup>();
        foreach (var clause in clauses)
        {
            var group = groups.Find(g => g.TryOffset == clause.TryOffset && g.TryLength == clause.TryLength);
            if (group is null)
            {
                group = new ClauseGroup(clause.TryOffset, clause.TryLength, []);
                groups.Add(group);
            }

            var at = group.Clauses.Count;
            while (at > 0 && group.Clauses[at - 1].HandlerOffset > clause.HandlerOffset)
            {
                at--;
            }

            group.Clauses.Insert(at, clause);
        }

        return groups;
    }

    private static void Mark(bool[] offsets, int offset)
    {
        if (offset >= 0 && offset < offsets.Length)
        {
            offsets[offset] = true;
        }
    }

    private void DefineLabel(Label[] labels, bool[] labelled, int target)
    {
        if (target < 0 || target >= labels.Length)
        {
            throw new NotSupportedException($"branch target IL_{target:x4} is outside the body");
        }

        if (!labelled[target])
        {
            labels[target] = il.DefineLabel();
            labelled[target] = true;
        }
    }

    private void OpenAndCloseBlocks(List<ClauseGroup> groups, int offset)
    {
        foreach (var group in groups.Where(g => g.End == offset).OrderByDescending(g => g.TryOffset))
        {
            il.EndExceptionBlock();
        }

        foreach (var group in groups.Where(g => g.TryOffset == offset).OrderByDescending(g => g.End))
        {
            il.BeginExceptionBlock();
        }

        foreach (var group in groups)
        {
            foreach (var clause in group.Clauses)
            {
                if (clause.Flags == ExceptionHandlingClauseOptions.Filter && clause.FilterOffset == offset)
                {
                    il.BeginExceptFilterBlock();
                }

                if (clause.HandlerOffset != offset)
                {
                    continue;
                }

                switch (clause.Flags)
                {
                    case ExceptionHandlingClauseOptions.Clause:
                        il.BeginCatchBlock(clause.CatchType);
                        break;
                    case ExceptionHandlingClauseOptions.Filter:
                        il.BeginCatchBlock(null);
                        break;
                    case ExceptionHandlingClauseOptions.Finally:
                        il.BeginFinallyBlock();
                        break;
                    case ExceptionHandlingClauseOptions.Fault:
                        il.BeginFaultBlock();
                        break;
                }
            }
        }
    }

    private void EmitInstruction(IlInstruction instruction, Label[] labels)
    {
        var op = instruction.OpCode;
        var operand = instruction.Operand;
        if (op == OpCodes.Ret)
        {
            if (plan.Result is not null)
            {
                il.Emit(OpCodes.Stloc, plan.Result);
            }

            il.Emit(OpCodes.Leave, plan.AfterOriginal);
            return;
        }

        if (op == OpCodes.Tailcall)
        {
            return;
        }

        if (TryEmitArgument(op, operand))
        {
            return;
        }

        switch (operand)
        {
            case null:
                il.Emit(op);
                break;
            case int target when IsBranch(op):
                il.Emit(LongBranch(op), labels[target]);
                break;
            case int[] targets:
                var switchLabels = new Label[targets.Length];
                for (var i = 0; i < targets.Length; i++)
                {
                    switchLabels[i] = labels[targets[i]];
                }

                il.Emit(op, switchLabels);
                break;
            case byte value when op == OpCodes.Ldc_I4_S:
                il.Emit(OpCodes.Ldc_I4, (int)(sbyte)value);
                break;
            case byte value:
                il.Emit(op, value);
                break;
            case ushort value:
                il.Emit(op, (short)value);
                break;
            case int value:
                il.Emit(op, value);
                break;
            case long value:
                il.Emit(op, value);
                break;
            case float value:
                il.Emit(op, value);
                break;
            case double value:
                il.Emit(op, value);
                break;
            case string value:
                il.Emit(op, value);
                break;
            case Type type:
                il.Emit(op, type);
                break;
            case FieldInfo field:
                il.Emit(op, field);
                break;
            case ConstructorInfo ctor:
                il.Emit(op, ctor);
                break;
            case MethodInfo method:
                il.Emit(op, method);
                break;
            default:
                throw new NotSupportedException($"operand {operand} of {op.Name} cannot be re-emitted");
        }
    }

    private bool TryEmitArgument(OpCode op, object? operand)
    {
        int index;
        if (op == OpCodes.Ldarg_0 || op == OpCodes.Ldarg_1 || op == OpCodes.Ldarg_2 || op == OpCodes.Ldarg_3)
        {
            index = op.Value - OpCodes.Ldarg_0.Value;
            il.EmitLdarg(plan.MapArgument(index));
            return true;
        }

        if (operand is byte b)
        {
            index = b;
        }
        else if (operand is ushort u)
        {
            index = u;
        }
        else
        {
            return false;
        }

        if (op == OpCodes.Ldarg_S || op == OpCodes.Ldarg)
        {
            il.EmitLdarg(plan.MapArgument(index));
        }
        else if (op == OpCodes.Ldarga_S || op == OpCodes.Ldarga)
        {
            il.EmitLdarga(plan.MapArgument(index));
        }
        else if (op == OpCodes.Starg_S || op == OpCodes.Starg)
        {
            il.EmitStarg(plan.MapArgument(index));
        }
        else
        {
            return false;
        }

        return true;
    }

    private static OpCode LongBranch(OpCode op)
    {
        if (op.OperandType != OperandType.ShortInlineBrTarget)
        {
            return op;
        }

        return op.Value switch
        {
            0x2B => OpCodes.Br,
            0x2C => OpCodes.Brfalse,
            0x2D => OpCodes.Brtrue,
            0x2E => OpCodes.Beq,
            0x2F => OpCodes.Bge,
            0x30 => OpCodes.Bgt,
            0x31 => OpCodes.Ble,
            0x32 => OpCodes.Blt,
            0x33 => OpCodes.Bne_Un,
            0x34 => OpCodes.Bge_Un,
            0x35 => OpCodes.Bgt_Un,
            0x36 => OpCodes.Ble_Un,
            0x37 => OpCodes.Blt_Un,
            0xDE => OpCodes.Leave,
            _ => throw new NotSupportedException($"short branch {op.Name}"),
        };
    }

    private static bool IsBranch(OpCode op) => op.OperandType is OperandType.InlineBrTarget or OperandType.ShortInlineBrTarget;

    private sealed record ClauseGroup(int TryOffset, int TryLength, List<ExceptionHandlingClause> Clauses)
    {
        public int End
        {
            get
            {
                var end = int.MinValue;
                foreach (var clause in Clauses)
                {
                    end = Math.Max(end, clause.HandlerOffset + clause.HandlerLength);
                }

                return end;
            }
        }
    }
}
