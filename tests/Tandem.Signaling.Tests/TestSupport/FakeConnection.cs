using System.Text.Json;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Tests.TestSupport;

/// <summary>A client socket stand-in: records what the hub sends and how it closes the connection.</summary>
internal sealed class FakeConnection(SignalingHub hub) : ISignalingConnection
{
    private readonly List<OutboundMessage> _held = [];

    public SignalingClient Client { get; set; } = null!;

    /// <summary>Every message the hub sent, parsed, oldest first.</summary>
    public List<JsonElement> Received { get; } = [];

    /// <summary>When false, messages stay queued (undelivered) until <see cref="DeliverHeld"/>.</summary>
    public bool AutoDeliver { get; set; } = true;

    public int? CloseCode { get; private set; }

    public string? CloseReason { get; private set; }

    public IEnumerable<JsonElement> Errors => Received.Where(m => m.GetProperty("type").GetString() == "error");

    public JsonElement Last => Received[^1];

    public void Send(OutboundMessage message)
    {
        using (var doc = JsonDocument.Parse(message.Memory))
        {
            Received.Add(doc.RootElement.Clone());
        }

        if (AutoDeliver)
        {
            hub.Delivered(Client, message);
            message.Release();
        }
        else
        {
            _held.Add(message);
        }
    }

    public void Close(int closeCode, string reason)
    {
        CloseCode ??= closeCode;
        CloseReason ??= reason;
    }

    public void DropQueued()
    {
        foreach (var message in _held)
        {
            hub.Discarded(Client, message);
            message.Release();
        }

        DroppedQueued += _held.Count;
        _held.Clear();
    }

    /// <summary>Messages the hub had this connection drop unsent (R34, a receiver too slow).</summary>
    public int DroppedQueued { get; private set; }

    /// <summary>Messages queued and not yet delivered (<see cref="AutoDeliver"/> off).</summary>
    public int Held => _held.Count;

    public void DeliverHeld()
    {
        foreach (var message in _held)
        {
            hub.Delivered(Client, message);
            message.Release();
        }

        _held.Clear();
    }

    /// <summary>The error code of the last message, which must be an error.</summary>
    public int LastErrorCode()
    {
        Assert.Equal("error", Last.GetProperty("type").GetString());
        return Last.GetProperty("data").GetProperty("error_code").GetInt32();
    }

    public void Clear() => Received.Clear();
}
