using Sightline.Core.Buffering.Partitioning;

namespace Sightline.Core.Tests.Buffering;

public sealed class PartitionerTests
{
    [Fact]
    public void Round_robin_visits_every_channel_in_turn()
    {
        var partitioner = new RoundRobinPartitioner();
        var picks = Enumerable.Range(0, 8).Select(_ => partitioner.Partition(4)).ToArray();
        Assert.Equal([1, 2, 3, 0, 1, 2, 3, 0], picks);
    }

    [Fact]
    public void Producer_thread_partitioner_keeps_a_thread_on_one_channel_and_spreads_threads()
    {
        var partitioner = new ProducerThreadPartitioner();
        var mine = partitioner.Partition(4);
        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(mine, partitioner.Partition(4)));

        var channels = new HashSet<int>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            lock (channels)
            {
                channels.Add(partitioner.Partition(4));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(channels.Count > 1, "eight threads all landed on one channel");
        Assert.All(channels, c => Assert.InRange(c, 0, 3));
    }
}
