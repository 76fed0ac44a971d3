namespace Shop.Storefront.Orders;

/// <summary>A placed order.</summary>
public sealed record Order(string Id, int ProductId, int Quantity, long AmountCents, string PaymentId, OrderStatus Status, DateTimeOffset PlacedAt);
