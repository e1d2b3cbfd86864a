namespace Tandem.Signaling.Protocol;

/// <summary>The message types a client may send (PROTOCOL.md R10).</summary>
public enum MessageType
{
    /// <summary>Not a type a client may send.</summary>
    Unknown,
    Join,
    Leave,
    Offer,
    Answer,
    Ice,

    /// <summary>The answerer asks the offerer for an ICE-restart offer (R44).</summary>
    Restart,
}

/// <summary>Wire names of <see cref="MessageType"/>.</summary>
public static class MessageTypes
{
    /// <summary>The types that are forwarded to the peer (R14, R22, R44).</summary>
    public static bool IsRelayed(this MessageType type) => type is MessageType.Offer or MessageType.Answer or MessageType.Ice or MessageType.Restart;

    /// <summary>The wire name, e.g. <c>offer</c>.</summary>
    public static string WireName(this MessageType type) => type switch
    {
        MessageType.Join => "join",
        MessageType.Leave => "leave",
        MessageType.Offer => "offer",
        MessageType.Answer => "answer",
        MessageType.Ice => "ice",
        MessageType.Restart => "restart",
        _ => "unknown",
    };

    internal static MessageType FromWire(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("ice"u8) ? MessageType.Ice
        : name.SequenceEqual("offer"u8) ? MessageType.Offer
        : name.SequenceEqual("answer"u8) ? MessageType.Answer
        : name.SequenceEqual("join"u8) ? MessageType.Join
        : name.SequenceEqual("leave"u8) ? MessageType.Leave
        : name.SequenceEqual("restart"u8) ? MessageType.Restart
        : MessageType.Unknown;
}
