namespace Tandem.Media.Playout;

/// <summary>How a played-out audio frame was produced.</summary>
public enum PlayoutFrameKind
{
    /// <summary>Decoded from its own packet.</summary>
    Decoded,

    /// <summary>Rebuilt from the in-band FEC data of the following packet (RFC 6716 §2.1.7).</summary>
    Recovered,

    /// <summary>Synthesised by packet-loss concealment (the packet was lost, late or undecodable).</summary>
    Concealed,
}
