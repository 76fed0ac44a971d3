namespace Shop.Payment;

/// <summary>One charge in the ledger.</summary>
public sealed record PaymentRecord(string Id, string OrderId, long AmountCents, bool Refunded);
