namespace Shop.Inventory.Stock;

/// <summary>A product and how many are on the shelf.</summary>
public sealed record Product(int Id, string Name, long PriceCents, int Stock);
