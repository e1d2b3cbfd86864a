using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Clients;

/// <summary>
/// A connection's per-type message rates (PROTOCOL.md R39; the bounds of Amazon KVS signaling):
/// offer/answer, ice, and join/leave, each counted over any one second.
/// </summary>
internal sealed class MessageRates
{
    private readonly RateWindow _sdp = new();
    private readonly RateWindow _ice = new();
    private readonly RateWindow _membership = new();

    /// <summary>
    /// Counts a message of <paramref name="type"/> received at timestamp <paramref name="now"/>
    /// (<paramref name="frequency"/> units per second); false, with the bound it broke, when over it.
    /// </summary>
    public bool TryAccept(MessageType type, long now, long frequency, MessageRateLimits limits, out int limit)
    {
        var (window, max) = type switch
        {
            MessageType.Offer or MessageType.Answer or MessageType.Restart => (_sdp, limits.OfferAnswer),
            MessageType.Ice => (_ice, limits.Ice),
            _ => (_membership, limits.JoinLeave),
        };
        limit = max;
        return window.TryAdd(now, max, frequency);
    }
}

/// <summary>The most messages of each kind a connection may send in any second (0: no bound).</summary>
/// <param name="OfferAnswer">Offer, answer and restart messages.</param>
/// <param name="Ice">Ice messages.</param>
/// <param name="JoinLeave">Join and leave messages.</param>
internal readonly record struct MessageRateLimits(int OfferAnswer, int Ice, int JoinLeave);
