using Sightline.Core.Buffering.Channels;

namespace Sightline.Core.Tests.Buffering;

public sealed class RingChannelTests
{
    [Fact]
    public void Capacity_is_rounded_up_to_a_power_of_two()
    {
        Assert.Equal(8, new RingChannel<string>(5).Capacity);
        Assert.Equal(1024, new RingChannel<string>(1024).Capacity);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingChannel<string>(1));
    }

    [Fact]
    public void A_full_channel_refuses_and_gives_items_back_in_order()
    {
        var channel = new RingChannel<string>(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(channel.TryEnqueue($"item-{i}"));
        }

        Assert.False(channel.TryEnqueue("one too many"));
        Assert.Equal(4, channel.Count);

        var drained = new string[8];
        Assert.Equal(4, channel.Drain(drained));
        Assert.Equal(["item-0", "item-1", "item-2", "item-3"], drained.Take(4));
        Assert.False(channel.TryDequeue(out _));
        Assert.True(channel.TryEnqueue("next lap"));
        Assert.True(channel.TryDequeue(out var next));
        Assert.Equal("next lap", next);
        Assert.Equal(5, channel.Accepted);
        Assert.Equal(5, channel.Taken);
    }

    [Fact]
    public void Concurrent_producers_and_a_consumer_lose_and_duplicate_nothing()
    {
        const int Producers = 4;
        const int PerProducer = 20_000;
        var channel = new RingChannel<string>(64);
        var seen = new HashSet<string>();
        var done = 0;
        var consumer = new Thread(() =>
        {
            var buffer = new string[32];
            while (Volatile.Read(ref done) < Producers || channel.Count > 0)
            {
                var count = channel.Drain(buffer);
                for (var i = 0; i < count; i++)
                {
                    Assert.True(seen.Add(buffer[i]), $"{buffer[i]} came out twice");
                }
            }
        });
        consumer.Start();

        var producers = Enumerable.Range(0, Producers).Select(p => new Thread(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                var item = $"{p}-{i}";
                var spinner = default(SpinWait);
                while (!channel.TryEnqueue(item))
                {
                    spinner.SpinOnce();
                }
            }

            Interlocked.Increment(ref done);
        })).ToList();
        producers.ForEach(t => t.Start());
        producers.ForEach(t => t.Join());
        consumer.Join();

        Assert.Equal(Producers * PerProducer, seen.Count);
        Assert.Equal(0, channel.Dropped);
    }
}
