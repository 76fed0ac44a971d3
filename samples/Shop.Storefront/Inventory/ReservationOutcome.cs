namespace Shop.Storefront.Inventory;

/// <summary>The inventory's answer to a reservation.</summary>
public enum ReservationOutcome
{
    Reserved,
    UnknownProduct,
    OutOfStock,
}
