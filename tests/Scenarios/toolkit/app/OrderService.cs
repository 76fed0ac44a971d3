using Sightline.Toolkit;

namespace ToolkitScenarioApp;

public sealed class OrderService
{
    [Trace("order.place")]
    public async Task<string> PlaceAsync([SpanTag("order.id")] int id)
    {
        // The span must outlive the method's first await: it ends when the task does.
        await Task.Yield();
        var price = PriceCalculator.Compute(id);
        ActiveSpan.Tag("order.tier", "gold");
        return $"order {id}: {price}";
    }

    [Trace]
    public string Fail() => throw new InvalidOperationException("payment declined");
}
