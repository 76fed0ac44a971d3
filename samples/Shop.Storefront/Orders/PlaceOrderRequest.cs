namespace Shop.Storefront.Orders;

/// <summary>Body of <c>POST /orders</c>.</summary>
public sealed record PlaceOrderRequest(int ProductId, int Quantity, string? CardNumber);
