namespace Shop.Inventory.Stock;

/// <summary>Outcome of taking items off the shelf.</summary>
public enum ReservationStatus
{
    Reserved,
    UnknownProduct,
    OutOfStock,
}
