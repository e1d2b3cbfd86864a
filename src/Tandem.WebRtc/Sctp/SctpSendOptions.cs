namespace Tandem.WebRtc.Sctp;

/// <summary>How one user message is sent.</summary>
internal readonly record struct SctpSendOptions
{
    /// <summary>Send with the U bit (RFC 9260 §6.6): delivered as soon as it is complete.</summary>
    public bool Unordered { get; init; }

    /// <summary>
    /// Partial reliability by retransmissions (RFC 3758 / RFC 8831 §6.1): abandon after this many
    /// retransmissions; null = fully reliable.
    /// </summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Partial reliability by time: abandon once the message is older than this; null = no limit.</summary>
    public TimeSpan? MaxLifetime { get; init; }
}
