namespace Shop.Storefront.Inventory;

/// <summary>A product as the inventory service returns it.</summary>
public sealed record Product(int Id, string Name, long PriceCents, int Stock);
