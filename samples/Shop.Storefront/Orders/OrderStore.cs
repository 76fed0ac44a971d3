using System.Collections.Concurrent;

namespace Shop.Storefront.Orders;

/// <summary>Orders placed since the storefront started, kept in memory.</summary>
public sealed class OrderStore
{
    private readonly ConcurrentDictionary<string, Order> _orders = new(StringComparer.Ordinal);

    public void Add(Order order) => _orders[order.Id] = order;

    public Order? Find(string id) => _orders.GetValueOrDefault(id);

    public bool TryUpdate(Order current, Order updated) => _orders.TryUpdate(current.Id, updated, current);
}
