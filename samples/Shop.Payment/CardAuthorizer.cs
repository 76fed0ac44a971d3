using Grpc.Core;

namespace Shop.Payment;

/// <summary>Checks a card number and decides whether the card issuer approves a charge.</summary>
public sealed class CardAuthorizer
{
    // Like the card networks' test numbers: a valid number ending in 0002 is always declined.
    private const string DeclinedSuffix = "0002";

    public async Task<AuthorizationDecision> AuthorizeAsync(string cardNumber, CancellationToken cancellationToken)
    {
        var digits = Normalize(cardNumber);
        if (!PassesLuhnCheck(digits))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "card_number fails the Luhn check."));
        }

        // Stands in for the call to the card issuer.
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return digits.EndsWith(DeclinedSuffix, StringComparison.Ordinal)
            ? new AuthorizationDecision(false, "insufficient funds")
            : new AuthorizationDecision(true, string.Empty);
    }

    private static string Normalize(string cardNumber)
    {
        var digits = cardNumber.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "card_number must be 12 to 19 digits."));
        }

        return digits;
    }

    private static bool PassesLuhnCheck(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
