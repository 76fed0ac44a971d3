namespace Shop.Storefront.Inventory;

/// <summary>How many products the inventory refilled.</summary>
public sealed record RestockReply(int Restocked);
