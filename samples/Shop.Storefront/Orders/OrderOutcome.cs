namespace Shop.Storefront.Orders;

/// <summary>What an order operation did, for the endpoint to turn into a response.</summary>
public sealed record OrderOutcome(OrderOutcomeKind Kind, Order? Order = null, string? Problem = null);
