using Grpc.Core;
using Shop.Contracts.Payment;
using Shop.Storefront.Inventory;

namespace Shop.Storefront.Orders;

/// <summary>Checkout and refund: the inventory over HTTP, the payment service over gRPC.</summary>
public sealed class OrderService(InventoryClient inventory, Payments.PaymentsClient payments, OrderStore orders, ILogger<OrderService> logger)
{
    private const int MaxQuantity = 100;

    public async Task<OrderOutcome> PlaceAsync(PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        if (request.Quantity is < 1 or > MaxQuantity)
        {
            return new(OrderOutcomeKind.Invalid, Problem: $"quantity must be between 1 and {MaxQuantity}, was {request.Quantity}.");
        }

        if (string.IsNullOrWhiteSpace(request.CardNumber))
        {
            return new(OrderOutcomeKind.Invalid, Problem: "cardNumber is required.");
        }

        var product = await inventory.GetProductAsync(request.ProductId, cancellationToken);
        if (product is null)
        {
            return new(OrderOutcomeKind.NotFound, Problem: $"Product {request.ProductId} does not exist.");
        }

        switch (await inventory.ReserveAsync(product.Id, request.Quantity, cancellationToken))
        {
            case ReservationOutcome.UnknownProduct:
                return new(OrderOutcomeKind.NotFound, Problem: $"Product {request.ProductId} does not exist.");
            case ReservationOutcome.OutOfStock:
                return new(OrderOutcomeKind.OutOfStock, Problem: $"Not enough of product {product.Id} in stock for {request.Quantity}.");
        }

        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        var amount = product.PriceCents * request.Quantity;
        ChargeReply charge;
        try
        {
            charge = await payments.ChargeAsync(new ChargeRequest { OrderId = orderId, AmountCents = amount, CardNumber = request.CardNumber }, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            // Not paid, so the reserved items go back on the shelf whatever went wrong.
            await inventory.ReleaseAsync(product.Id, request.Quantity, CancellationToken.None);
            if (e.StatusCode == StatusCode.InvalidArgument)
            {
                return new(OrderOutcomeKind.Invalid, Problem: e.Status.Detail);
            }

            throw;
        }

        if (!charge.Approved)
        {
            await inventory.ReleaseAsync(product.Id, request.Quantity, CancellationToken.None);
            return new(OrderOutcomeKind.Declined, Problem: $"Payment declined: {charge.DeclineReason}.");
        }

        var order = new Order(orderId, product.Id, request.Quantity, amount, charge.PaymentId, OrderStatus.Paid, DateTimeOffset.UtcNow);
        orders.Add(order);
        logger.LogDebug("Order {OrderId} placed: {Quantity} x product {ProductId}", order.Id, order.Quantity, order.ProductId);
        return new(OrderOutcomeKind.Placed, order);
    }

    /// <summary>
    /// Puts the items back on the shelf, then refunds the payment. The inventory's return always fails (see
    /// Shop.Inventory's StockReturnLedger), so this throws the <see cref="HttpRequestException"/> for its 500.
    /// </summary>
    public async Task<OrderOutcome> RefundAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = orders.Find(orderId);
        if (order is null)
        {
            return new(OrderOutcomeKind.NotFound, Problem: $"Order {orderId} does not exist.");
        }

        if (order.Status == OrderStatus.Refunded)
        {
            return new(OrderOutcomeKind.AlreadyRefunded, order, $"Order {orderId} is already refunded.");
        }

        await inventory.ReturnAsync(order.ProductId, order.Id, order.Quantity, cancellationToken);
        await payments.RefundAsync(new RefundRequest { PaymentId = order.PaymentId }, cancellationToken: cancellationToken);
        var refunded = order with { Status = OrderStatus.Refunded };
        return orders.TryUpdate(order, refunded)
            ? new(OrderOutcomeKind.Refunded, refunded)
            : new(OrderOutcomeKind.AlreadyRefunded, order, $"Order {orderId} is already refunded.");
    }
}
