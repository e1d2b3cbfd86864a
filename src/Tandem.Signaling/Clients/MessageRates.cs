using Tandem.Signaling.Hub;
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
    public bool TryAccept(MessageType type, long now, long frequency, SignalingOptions options, out int limit)
    {
        var (window, max) = type switch
        {
            MessageType.Offer or MessageType.Answer or MessageType.Restart => (_sdp, options.MaxOfferAnswerPerSecond),
            MessageType.Ice => (_ice, options.MaxIcePerSecond),
            _ => (_membership, options.MaxJoinLeavePerSecond),
        };
        limit = max;
        return window.TryAdd(now, max, frequency);
    }
}
