using System.Collections.Concurrent;
using Grpc.Core;

namespace Shop.Payment;

/// <summary>The payments taken and refunded since the service started, kept in memory.</summary>
public sealed class PaymentLedger
{
    private readonly ConcurrentDictionary<string, PaymentRecord> _payments = new(StringComparer.Ordinal);

    public PaymentRecord RecordCharge(string orderId, long amountCents)
    {
        var payment = new PaymentRecord("pay_" + Guid.NewGuid().ToString("N"), orderId, amountCents, Refunded: false);
        _payments[payment.Id] = payment;
        return payment;
    }

    public (string RefundId, long AmountCents) RecordRefund(string paymentId)
    {
        if (!_payments.TryGetValue(paymentId, out var payment))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"payment '{paymentId}' does not exist."));
        }

        if (payment.Refunded || !_payments.TryUpdate(paymentId, payment with { Refunded = true }, payment))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"payment '{paymentId}' is already refunded."));
        }

        return ("ref_" + Guid.NewGuid().ToString("N"), payment.AmountCents);
    }
}
