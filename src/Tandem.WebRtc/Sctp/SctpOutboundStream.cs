namespace Tandem.WebRtc.Sctp;

/// <summary>Sender-side state of one outgoing stream.</summary>
internal sealed class SctpOutboundStream
{
    /// <summary>Next Stream Sequence Number for ordered messages (RFC 9260 §6.5).</summary>
    public ushort NextSsn { get; set; }

    /// <summary>Bytes accepted by Send but not yet put on the wire (the data channel's bufferedAmount).</summary>
    public long BufferedAmount { get; set; }

    public long BufferedAmountLowThreshold { get; set; }

    /// <summary>Messages of this stream still in the send queue.</summary>
    public int QueuedMessages { get; set; }

    /// <summary>A reset of this outgoing stream was asked for and not yet performed (RFC 6525).</summary>
    public bool ResetRequested { get; set; }
}
