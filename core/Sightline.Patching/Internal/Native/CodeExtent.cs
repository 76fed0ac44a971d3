namespace Sightline.Patching.Internal.Native;

/// <summary>
/// Measures how many bytes at the start of compiled code certainly belong to the method, so a jump never
/// overwrites the next method. Decoding stops at the first unconditional exit (ret, jmp, int3, ud2) unless a
/// forward branch seen so far lands beyond it, so the answer is a lower bound, never an overestimate.
/// </summary>
internal static unsafe class CodeExtent
{
    public static int MeasureAtLeast(IntPtr code, int wanted)
    {
        var start = (long)code;
        var furthestTarget = start;
        var length = 0;
        while (length < wanted)
        {
            var instruction = InstructionDecoder.Decode((byte*)code + length);
            if (instruction.IsInvalid)
            {
                return length;
            }

            length += instruction.Length;
            switch (instruction.Flow)
            {
                case InstructionFlow.ConditionalBranch:
                case InstructionFlow.Jump:
                    if (instruction.Target > furthestTarget && instruction.Target < start + 4096)
                    {
                        furthestTarget = instruction.Target;
                    }

                    if (instruction.Flow == InstructionFlow.Jump && furthestTarget <= start + length)
                    {
                        return length;
                    }

                    break;
                case InstructionFlow.Exit:
                    if (furthestTarget <= start + length)
                    {
                        return length;
                    }

                    break;
            }
        }

        return length;
    }

    /// <summary>
    /// The offset a call instruction within the first <paramref name="length"/> bytes returns to, when that offset is
    /// strictly inside them (a thread in the callee would come back into the middle of a jump written there); else 0.
    /// </summary>
    public static int CallReturningInside(IntPtr code, int length)
    {
        var offset = 0;
        while (offset < length)
        {
            var instruction = InstructionDecoder.Decode((byte*)code + offset);
            if (instruction.IsInvalid)
            {
                return 0;
            }

            offset += instruction.Length;
            if (instruction.Flow == InstructionFlow.Call && offset < length)
            {
                return offset;
            }
        }

        return 0;
    }
}
