namespace Shop.Inventory.Stock;

/// <summary>What a reservation did: <see cref="Remaining"/> is the stock left when it succeeded.</summary>
public sealed record ReservationResult(ReservationStatus Status, int Remaining);
