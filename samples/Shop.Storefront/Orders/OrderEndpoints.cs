namespace Shop.Storefront.Orders;

/// <summary>The storefront's order API.</summary>
public static class OrderEndpoints
{
    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", async (PlaceOrderRequest request, OrderService service, CancellationToken ct) =>
            ToResult(await service.PlaceAsync(request, ct)));

        app.MapGet("/orders/{id}", (string id, OrderStore orders) =>
            orders.Find(id) is { } order ? Results.Ok(order) : Results.Problem($"Order {id} does not exist.", statusCode: StatusCodes.Status404NotFound));

        app.MapPost("/orders/{id}/refund", async (string id, OrderService service, CancellationToken ct) =>
            ToResult(await service.RefundAsync(id, ct)));
    }

    private static IResult ToResult(OrderOutcome outcome) => outcome.Kind switch
    {
        OrderOutcomeKind.Placed => Results.Created($"/orders/{outcome.Order!.Id}", outcome.Order),
        OrderOutcomeKind.Refunded => Results.Ok(outcome.Order),
        OrderOutcomeKind.Invalid => Results.Problem(outcome.Problem, statusCode: StatusCodes.Status400BadRequest),
        OrderOutcomeKind.NotFound => Results.Problem(outcome.Problem, statusCode: StatusCodes.Status404NotFound),
        OrderOutcomeKind.OutOfStock or OrderOutcomeKind.AlreadyRefunded => Results.Problem(outcome.Problem, statusCode: StatusCodes.Status409Conflict),
        OrderOutcomeKind.Declined => Results.Problem(outcome.Problem, statusCode: StatusCodes.Status402PaymentRequired),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome.Kind}."),
    };
}
