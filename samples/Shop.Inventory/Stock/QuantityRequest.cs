namespace Shop.Inventory.Stock;

/// <summary>Body of a reservation or a release: how many items.</summary>
public sealed record QuantityRequest(int Quantity);
