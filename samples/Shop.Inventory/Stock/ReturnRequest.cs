namespace Shop.Inventory.Stock;

/// <summary>Body of a return: the refunded order and how many items come back.</summary>
public sealed record ReturnRequest(string OrderId, int Quantity);
