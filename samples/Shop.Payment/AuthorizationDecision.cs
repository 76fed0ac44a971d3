namespace Shop.Payment;

/// <summary>The card issuer's answer to a charge.</summary>
public sealed record AuthorizationDecision(bool Approved, string Reason);
