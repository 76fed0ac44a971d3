using Grpc.Core;
using Grpc.Net.Client;
using Shop.Contracts.Payment;
using Sightline.Samples.Tests.Infrastructure;

namespace Sightline.Samples.Tests;

/// <summary>The payment service on its own, over gRPC (HTTP/2 without TLS), with the requests the storefront never sends.</summary>
[Collection(ShopCollection.Name)]
public sealed class PaymentServiceTests(ShopFixture shop) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(shop.Payment.Address);

    private Payments.PaymentsClient Client => new(_channel);

    [Fact]
    public async Task A_charge_can_be_refunded_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var charge = await Client.ChargeAsync(new ChargeRequest { OrderId = "ord_test", AmountCents = 1234, CardNumber = "4242 4242 4242 4242" }, cancellationToken: ct);
        Assert.True(charge.Approved);

        var refund = await Client.RefundAsync(new RefundRequest { PaymentId = charge.PaymentId }, cancellationToken: ct);
        var again = await Assert.ThrowsAsync<RpcException>(() => Client.RefundAsync(new RefundRequest { PaymentId = charge.PaymentId }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(1234, refund.AmountCents);
        Assert.StartsWith("ref_", refund.RefundId, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Contains("already refunded", again.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 100, "4242424242424242", StatusCode.InvalidArgument, "order_id is required")]
    [InlineData("ord_x", 0, "4242424242424242", StatusCode.InvalidArgument, "amount_cents must be positive")]
    [InlineData("ord_x", 100, "", StatusCode.InvalidArgument, "12 to 19 digits")]
    [InlineData("ord_x", 100, "4242424242424243", StatusCode.InvalidArgument, "Luhn")]
    public async Task A_bad_charge_fails_with_a_status_that_says_why(string orderId, long amountCents, string card, StatusCode expected, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ChargeAsync(
            new ChargeRequest { OrderId = orderId, AmountCents = amountCents, CardNumber = card }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refunding_an_unknown_payment_fails_with_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.RefundAsync(
            new RefundRequest { PaymentId = "pay_unknown" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    public void Dispose() => _channel.Dispose();
}
