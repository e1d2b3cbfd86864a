namespace Tandem.Signaling.Hub;

/// <summary>What to do when a join names a slot another open connection holds (R20).</summary>
public enum DuplicateIdPolicy
{
    /// <summary>The new connection takes the slot; the old one gets 1001 and is closed (4001).</summary>
    Replace,

    /// <summary>The new connection gets 1001; the old one keeps the slot.</summary>
    Reject,
}

/// <summary>The signaling rules' settings (PROTOCOL.md "Server configuration"); defaults as specified.</summary>
public sealed record SignalingOptions
{
    /// <summary>How long a room waits for its second member (R17, R19).</summary>
    public TimeSpan RoomTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may stay in no room (R29).</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a paired member's slot is held after it drops (R30).</summary>
    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Open connections at most (R33).</summary>
    public int MaxConnections { get; init; } = 1000;

    /// <summary>Accepted but undelivered messages at most, server-wide (R34).</summary>
    public int MessageQueueSize { get; init; } = 10000;

    /// <summary>Largest message accepted, in bytes (R3).</summary>
    public int MaxMessageBytes { get; init; } = 65536;

    /// <summary>Duplicate-id policy (R20).</summary>
    public DuplicateIdPolicy DuplicateIdPolicy { get; init; } = DuplicateIdPolicy.Replace;

    /// <summary>Bad messages tolerated per minute before the connection is closed (R35).</summary>
    public int MaxBadMessagesPerMinute { get; init; } = 20;

    /// <summary>Offer and answer messages accepted per connection in any one second; 0: no bound (R39).</summary>
    public int MaxOfferAnswerPerSecond { get; init; } = 5;

    /// <summary>Ice messages accepted per connection in any one second; 0: no bound (R39).</summary>
    public int MaxIcePerSecond { get; init; } = 20;

    /// <summary>Join and leave messages accepted per connection in any one second; 0: no bound (R39).</summary>
    public int MaxJoinLeavePerSecond { get; init; } = 3;

    /// <summary>Open connections from one remote address at most; 0: no bound (R40).</summary>
    public int MaxConnectionsPerAddress { get; init; } = 100;

    /// <summary>When set, every role message carries short-lived TURN credentials for its recipient (<c>data.ice_servers</c>).</summary>
    public Turn.TurnCredentialIssuer? Turn { get; init; }

    /// <summary>Messages waiting for one receiver beyond which it is disconnected as too slow (R34).</summary>
    public int MaxPendingPerReceiver => Math.Max(1, MessageQueueSize / 10);
}
