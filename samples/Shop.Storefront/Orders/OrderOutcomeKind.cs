namespace Shop.Storefront.Orders;

/// <summary>The kinds of <see cref="OrderOutcome"/>.</summary>
public enum OrderOutcomeKind
{
    Placed,
    Refunded,
    Invalid,
    NotFound,
    OutOfStock,
    Declined,
    AlreadyRefunded,
}
