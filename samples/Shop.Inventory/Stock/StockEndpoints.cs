namespace Shop.Inventory.Stock;

/// <summary>The inventory's HTTP API.</summary>
public static class StockEndpoints
{
    private const int MaxQuantity = 1000;

    public static void MapStockEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products", (StockRepository stock, CancellationToken ct) => stock.ListAsync(ct));

        app.MapGet("/products/{id:int}", async (int id, StockRepository stock, CancellationToken ct) =>
            await stock.FindAsync(id, ct) is { } product ? Results.Ok(product) : NotFound(id));

        app.MapPost("/products/{id:int}/reservations", async (int id, QuantityRequest request, StockRepository stock, CancellationToken ct) =>
        {
            if (BadQuantity(request.Quantity) is { } bad)
            {
                return bad;
            }

            var result = await stock.ReserveAsync(id, request.Quantity, ct);
            return result.Status switch
            {
                ReservationStatus.Reserved => Results.Ok(new { productId = id, remaining = result.Remaining }),
                ReservationStatus.UnknownProduct => NotFound(id),
                _ => Results.Problem($"Only {result.Remaining} of product {id} in stock, {request.Quantity} asked.", statusCode: StatusCodes.Status409Conflict),
            };
        });

        app.MapPost("/products/{id:int}/releases", async (int id, QuantityRequest request, StockRepository stock, CancellationToken ct) =>
            BadQuantity(request.Quantity) ?? (await stock.ReleaseAsync(id, request.Quantity, ct) ? Results.NoContent() : NotFound(id)));

        app.MapPost("/products/{id:int}/returns", async (int id, ReturnRequest request, StockRepository stock, CancellationToken ct) =>
        {
            if (BadQuantity(request.Quantity) is { } bad)
            {
                return bad;
            }

            if (string.IsNullOrWhiteSpace(request.OrderId))
            {
                return Results.Problem("orderId is required.", statusCode: StatusCodes.Status400BadRequest);
            }

            return await stock.ReturnAsync(id, request.OrderId, request.Quantity, ct) ? Results.NoContent() : NotFound(id);
        });

        app.MapPost("/restock", async (StockRepository stock, CancellationToken ct) =>
            Results.Ok(new { restocked = await stock.RestockAsync(ct) }));
    }

    private static IResult NotFound(int id) =>
        Results.Problem($"Product {id} does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static IResult? BadQuantity(int quantity) => quantity is < 1 or > MaxQuantity
        ? Results.Problem($"quantity must be between 1 and {MaxQuantity}, was {quantity}.", statusCode: StatusCodes.Status400BadRequest)
        : null;
}
