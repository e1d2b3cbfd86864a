using System.Buffers.Binary;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Path heartbeat (RFC 9260 §8.3): keeps the RTT fresh on idle associations and detects a dead peer.</summary>
internal sealed partial class SctpAssociation
{
    private bool _heartbeatDue;
    private bool _heartbeatOutstanding;

    private void OnHeartbeatTimer()
    {
        if (_state != SctpAssociationState.Established)
        {
            return;
        }

        if (_heartbeatOutstanding && ++_errorCount > _options.MaxRetransmissions)
        {
            Fail("peer unreachable: heartbeats unanswered");
            return;
        }

        _heartbeatDue = true;
        _heartbeat.Start(_options.HeartbeatInterval + _rto.Rto);
    }

    private void WriteHeartbeatIfDue(ref SctpPacketBuilder builder)
    {
        Span<byte> info = stackalloc byte[8];
        var heartbeat = new SctpHeartbeatChunk(info);
        if (!_heartbeatDue || builder.Remaining < heartbeat.Length)
        {
            return;
        }

        // The info is ours alone (RFC 9260 §8.3): the send time, to measure RTT from the echo.
        BinaryPrimitives.WriteInt64BigEndian(info, Now);
        builder.Advance(heartbeat.WriteTo(builder.Free));
        _heartbeatDue = false;
        _heartbeatOutstanding = true;
    }

    private void HandleHeartbeatAck(in SctpHeartbeatAckChunk ack)
    {
        if (ack.Info.Length != 8 || !_heartbeatOutstanding)
        {
            return;
        }

        var sentAt = BinaryPrimitives.ReadInt64BigEndian(ack.Info);
        var now = Now;
        if (sentAt <= now)
        {
            _rto.Measure(_time.GetElapsedTime(sentAt, now));
        }

        _heartbeatOutstanding = false;
        _errorCount = 0;
    }
}
