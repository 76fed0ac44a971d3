using System.Text.Json.Serialization;

namespace Shop.Storefront.Orders;

/// <summary>Where an order stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderStatus>))]
public enum OrderStatus
{
    Paid,
    Refunded,
}
