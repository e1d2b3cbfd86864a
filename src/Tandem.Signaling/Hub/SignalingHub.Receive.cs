using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>One complete UTF-8 text message from <paramref name="client"/> (R2, R10–R16).</summary>
    public void Receive(SignalingClient client, ReadOnlySpan<byte> utf8Json)
    {
        var receivedAt = _time.GetTimestamp();
        client.CountIn(utf8Json.Length);
        var valid = ClientMessageParser.TryParse(utf8Json, client.Ids, out var message, out var error);
        using (EnterGate())
        {
            if (client.IsClosed)
            {
                return;
            }

            if (!valid)
            {
                Refuse(client, error);
            }
            else if (client.Identity is { } identity && !identity.IsSameIdentity(message.DeviceId))
            {
                Refuse(client, new MessageError(ErrorCode.BadMessage, $"this connection joined as {identity.Value}: every message it sends must carry that device_id", message.Type.WireName()));
            }
            else
            {
                Dispatch(client, message, utf8Json, receivedAt);
            }
        }
    }

    /// <summary>A binary frame (R2): answered with 1003; the connection stays open.</summary>
    public void ReceiveBinary(SignalingClient client, int length)
    {
        client.CountIn(length);
        using (EnterGate())
        {
            if (!client.IsClosed)
            {
                Refuse(client, new MessageError(ErrorCode.BadMessage, "binary frames are not accepted: send JSON as UTF-8 text frames", null));
            }
        }
    }

    /// <summary>
    /// A message over <see cref="SignalingOptions.MaxMessageBytes"/> (R3): 1003, then the connection is
    /// closed with 1009 and its room slot handled as a disconnect (R30).
    /// </summary>
    public void ReceiveTooLarge(SignalingClient client)
    {
        using (EnterGate())
        {
            if (client.IsClosed)
            {
                return;
            }

            SendError(client, ErrorCode.BadMessage, $"message larger than {Options.MaxMessageBytes} bytes", null);
            Close(client, CloseCodes.MessageTooBig, "message too big", dropFromRoom: true);
        }
    }

    private void Dispatch(SignalingClient client, in ClientMessage message, ReadOnlySpan<byte> original, long receivedAt)
    {
        switch (message.Type)
        {
            case MessageType.Join:
                Join(client, message.DeviceId);
                break;
            case MessageType.Leave:
                Leave(client, original, receivedAt);
                break;
            default:
                Relay(client, message.Type, original, receivedAt);
                break;
        }
    }

    /// <summary>Answers a refused message; 1003/1004 count toward the bad-message limit (R35).</summary>
    private void Refuse(SignalingClient client, in MessageError error)
    {
        SendError(client, error.Code, error.Message, error.RequestType);
        if (error.Code is not (ErrorCode.BadMessage or ErrorCode.BadDeviceId))
        {
            return;
        }

        if (client.BadMessages.Add(_time.GetUtcNow()) > Options.MaxBadMessagesPerMinute)
        {
            LogTooManyBadMessages(client.Id, Options.MaxBadMessagesPerMinute);
            Close(client, CloseCodes.PolicyViolation, "too many bad messages", dropFromRoom: true);
        }
    }
}
