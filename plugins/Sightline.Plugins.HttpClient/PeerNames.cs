using System.Globalization;

namespace Sightline.Plugins.HttpClient;

/// <summary>
/// The Exit span's peer (<c>host:port</c>) of the few servers an application calls, made once each instead of two
/// strings per request. Copied on write and bounded: a lost race costs one concatenation, and past the bound (an
/// application calling many hosts) peers are made per request as before.
/// </summary>
internal static class PeerNames
{
    private const int Bound = 32;
    private static (string Host, int Port, string Peer)[] _known = [];

    public static string Of(string host, int port)
    {
        var known = Volatile.Read(ref _known);
        foreach (var (knownHost, knownPort, peer) in known)
        {
            if (knownPort == port && string.Equals(knownHost, host, StringComparison.Ordinal))
            {
                return peer;
            }
        }

        var made = string.Concat(host, ":", port.ToString(CultureInfo.InvariantCulture));
        if (known.Length < Bound)
        {
            Volatile.Write(ref _known, [.. known, (host, port, made)]);
        }

        return made;
    }
}
