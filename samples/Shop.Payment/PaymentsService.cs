using Grpc.Core;
using Shop.Contracts.Payment;

namespace Shop.Payment;

/// <summary>The gRPC <c>Payments</c> service: charges and refunds.</summary>
public sealed class PaymentsService(CardAuthorizer authorizer, PaymentLedger ledger, ILogger<PaymentsService> logger) : Payments.PaymentsBase
{
    public override async Task<ChargeReply> Charge(ChargeRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "order_id is required."));
        }

        if (request.AmountCents <= 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"amount_cents must be positive, was {request.AmountCents}."));
        }

        var decision = await authorizer.AuthorizeAsync(request.CardNumber, context.CancellationToken);
        if (!decision.Approved)
        {
            logger.LogInformation("Declined order {OrderId}: {Reason}", request.OrderId, decision.Reason);
            return new ChargeReply { Approved = false, DeclineReason = decision.Reason };
        }

        var payment = ledger.RecordCharge(request.OrderId, request.AmountCents);
        logger.LogDebug("Charged {AmountCents} for order {OrderId} as {PaymentId}", request.AmountCents, request.OrderId, payment.Id);
        return new ChargeReply { Approved = true, PaymentId = payment.Id };
    }

    public override Task<RefundReply> Refund(RefundRequest request, ServerCallContext context)
    {
        var refund = ledger.RecordRefund(request.PaymentId);
        return Task.FromResult(new RefundReply { RefundId = refund.RefundId, AmountCents = refund.AmountCents });
    }
}
