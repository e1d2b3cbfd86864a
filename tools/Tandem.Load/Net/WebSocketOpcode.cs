namespace Tandem.Load.Net;

/// <summary>RFC 6455 §5.2 / §11.8: the frame opcodes.</summary>
public enum WebSocketOpcode : byte
{
    /// <summary>A continuation of a fragmented message (§5.4).</summary>
    Continuation = 0x0,

    /// <summary>A text (UTF-8) data frame.</summary>
    Text = 0x1,

    /// <summary>A binary data frame.</summary>
    Binary = 0x2,

    /// <summary>Close (§5.5.1).</summary>
    Close = 0x8,

    /// <summary>Ping (§5.5.2).</summary>
    Ping = 0x9,

    /// <summary>Pong (§5.5.3).</summary>
    Pong = 0xA,
}
