namespace Sightline.Patching;

/// <summary>
/// How often the engine stopped the process's other threads to write into compiled code, and how those stops went,
/// since the process started. A stranded stop held the stopped threads until their own timeout (250 ms): the
/// application stood still that long.
/// </summary>
/// <param name="Rounds">Stops of the other threads, retries included.</param>
/// <param name="Conflicts">Writes that had to wait because a thread was inside the bytes to replace.</param>
/// <param name="LateRounds">Stops given up and retried because a signalled thread did not arrive in time.</param>
/// <param name="Stranded">Stops that a stopped thread ended by giving up its own wait.</param>
public readonly record struct ThreadStopStatistics(long Rounds, long Conflicts, long LateRounds, long Stranded);
