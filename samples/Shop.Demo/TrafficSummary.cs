namespace Shop.Demo;

/// <summary>What the traffic got back: requests by route and status, the orders placed and the refunds asked for.</summary>
public sealed class TrafficSummary
{
    public Dictionary<string, int> Statuses { get; } = [];

    public List<string> PlacedOrders { get; } = [];

    public List<string> RefundedOrders { get; } = [];

    /// <summary>Answers other than the ones the shop is meant to give, with their bodies.</summary>
    public List<string> Surprises { get; } = [];

    public int Requests => Statuses.Values.Sum();

    public void Count(string route, int status) =>
        Statuses[$"{route} → {status}"] = Statuses.GetValueOrDefault($"{route} → {status}") + 1;
}
