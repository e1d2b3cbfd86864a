using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>One complete UTF-8 text message from <paramref name="client"/> (R2, R10–R16, R39).</summary>
    public void Receive(SignalingClient client, ReadOnlySpan<byte> utf8Json)
    {
        var receivedAt = _time.GetTimestamp();
        client.CountIn(utf8Json.Length);
        if (_cluster is not null && TryDivert(client, utf8Json))
        {
            return;
        }

        Handle(client, utf8Json, receivedAt);
    }

    private void Handle(SignalingClient client, ReadOnlySpan<byte> utf8Json, long receivedAt)
    {
        var valid = ClientMessageParser.TryParse(utf8Json, client.Ids, out var message, out var error);

        // The rates are this client's own and only its receive loop gets here: no lock needed. They are
        // counted before a join's credential is checked, so guessing tokens is slowed down too.
        var rateLimit = 0;
        var tooFast = valid && !client.Rates.TryAccept(message.Type, receivedAt, _time.TimestampFrequency, _rateLimits, out rateLimit);
        var verdict = JoinVerdict.Allow;
        if (valid && !tooFast && message.Type == MessageType.Join && _authorizer is { } authorizer)
        {
            // On joins only: the credential is checked outside the lock (a signature check is CPU work).
            var pending = authorizer.AuthorizeAsync(new JoinRequest(message.DeviceId, JoinTokenReader.Read(utf8Json) ?? client.UpgradeToken, client.RemoteAddress), CancellationToken.None);
            if (!pending.IsCompletedSuccessfully)
            {
                AuthorizeLater(client, message.DeviceId, pending.AsTask());
                return;
            }

            verdict = pending.Result;
        }

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
            else if (tooFast)
            {
                Refuse(client, new MessageError(ErrorCode.ServerError, $"slow down: at most {rateLimit} {RateClass(message.Type)} messages per second; this one was dropped", message.Type.WireName()), abuse: true);
            }
            else
            {
                Dispatch(client, message, utf8Json, receivedAt, verdict);
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

    private void Dispatch(SignalingClient client, in ClientMessage message, ReadOnlySpan<byte> original, long receivedAt, in JoinVerdict verdict)
    {
        switch (message.Type)
        {
            case MessageType.Join:
                Join(client, message.DeviceId, verdict);
                break;
            case MessageType.Leave:
                Leave(client, original, receivedAt);
                break;
            default:
                Relay(client, message.Type, original, receivedAt);
                break;
        }
    }

    /// <summary>
    /// Answers a refused message; 1003, 1004 and 1008 count toward the bad-message limit (R35), and so
    /// does an <paramref name="abuse"/> refusal (a message over its rate, R39).
    /// </summary>
    private void Refuse(SignalingClient client, in MessageError error, bool abuse = false)
    {
        SendError(client, error.Code, error.Message, error.RequestType);
        if (!abuse && error.Code is not (ErrorCode.BadMessage or ErrorCode.BadDeviceId or ErrorCode.Unauthorized))
        {
            return;
        }

        if (client.BadMessages.Add(_time.GetUtcNow()) > Options.MaxBadMessagesPerMinute)
        {
            LogTooManyBadMessages(client.Id, Options.MaxBadMessagesPerMinute);
            Close(client, CloseCodes.PolicyViolation, "too many bad messages", dropFromRoom: true);
        }
    }

    private static string RateClass(MessageType type) => type switch
    {
        MessageType.Offer or MessageType.Answer or MessageType.Restart => "offer/answer",
        MessageType.Ice => "ice",
        _ => "join/leave",
    };
}
