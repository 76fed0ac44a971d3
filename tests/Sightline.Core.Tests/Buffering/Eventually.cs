namespace Sightline.Core.Tests.Buffering;

/// <summary>Waits for a condition that background threads make true; the limit is generous and only stops a hung test.</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, int seconds = 20)
    {
        var limit = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"Still waiting for: {what}");
            }

            Thread.Sleep(5);
        }
    }
}
