namespace Sightline.Patching.TargetApp;

/// <summary>Prefixes that count interceptions.</summary>
internal static class Counters
{
    public static long Tiny;
    public static long Medium;
    public static long Loop;
    public static long Escape;
    public static long TinyWarm;
    public static long TinyHot;
    public static long LongLoop;

    public static void CountLongLoop() => Interlocked.Increment(ref LongLoop);

    public static void CountTinyWarm() => TinyWarm++;

    public static void CountTinyHot() => TinyHot++;

    public static void CountTiny() => Tiny++;

    public static void CountMedium() => Interlocked.Increment(ref Medium);

    public static void CountLoop() => Loop++;

    public static void CountEscape() => Escape++;
}
