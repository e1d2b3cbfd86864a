using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Receiving DATA and FORWARD-TSN, and deciding when to SACK (RFC 9260 §6.2, RFC 3758 §3.6).</summary>
internal sealed partial class SctpAssociation
{
    private const int MaxGapBlocks = 64;
    private const int MaxDuplicatesReported = 16;

    private bool _sackDue;
    private bool _immediateSack;
    private int _dataPacketsSinceSack;

    // False until the first DATA chunk of the association arrives (reset with the peer's identity).
    private bool _dataReceived;

    private void HandleData(in SctpDataChunk data)
    {
        if (_tsns.CheckDuplicate(data.Tsn))
        {
            // RFC 9260 §6.2: a duplicate means our SACK was lost; acknowledge at once.
            _immediateSack = true;
            return;
        }

        // RFC 9260 §6.2: drop what does not fit in the window, except the next expected TSN, which
        // always advances the cumulative point (it may complete a message and free space).
        var overWindow = _reassembly.BufferedBytes + data.UserData.Length > _options.ReceiveWindow;
        if (overWindow && data.Tsn != _tsns.CumulativeTsn + 1)
        {
            _immediateSack = true;
            return;
        }

        _tsns.Add(data.Tsn);
        _reassembly.Add(data);

        // RFC 9260 §5.1: the first DATA chunk of an association is acknowledged at once.
        _immediateSack |= !_dataReceived;
        _dataReceived = true;

        // RFC 7053 §4.2: the I bit asks for a SACK without delay.
        _immediateSack |= (data.Flags & SctpDataChunk.FlagImmediate) != 0;
        if (_tsns.HasGaps)
        {
            // RFC 9260 §6.7: report gaps immediately so the sender can fast-retransmit.
            _immediateSack = true;
        }
    }

    private void HandleForwardTsn(in SctpForwardTsnChunk forward)
    {
        _counters.ForwardTsnReceived++;
        if (_tsns.ForwardTo(forward.NewCumulativeTsn))
        {
            _reassembly.Forward(forward.NewCumulativeTsn, forward);
        }

        TryPerformDeferredReset();

        // RFC 3758 §3.6: answer a FORWARD TSN with a SACK.
        _sackDue = true;
    }

    /// <summary>RFC 9260 §6.2: SACK at least every second packet with DATA, else within the delayed-ack timeout.</summary>
    private void OnDataPacketReceived()
    {
        TryPerformDeferredReset();
        _dataPacketsSinceSack++;
        if (_immediateSack || _dataPacketsSinceSack >= 2 || _state != SctpAssociationState.Established)
        {
            _sackDue = true;
            _immediateSack = false;
        }
        else if (!_delayedAck.IsRunning)
        {
            _delayedAck.Start(_options.DelayedAckTimeout);
        }
    }

    private uint AdvertisedWindow => (uint)Math.Max(0, _options.ReceiveWindow - _reassembly.BufferedBytes);

    /// <summary>
    /// RFC 9260 §6.2 lets a SACK wait for a second packet or the delayed-ack timer, but a pending one goes
    /// out with any packet we send anyway, as usrsctp, dcsctp and Linux bundle it with DATA: a peer whose
    /// message we answer at once then measures the link's round trip, not our wait for its next packet.
    /// </summary>
    private void BundlePendingSack(bool canSendData)
    {
        if (_delayedAck.IsRunning && (_controlQueue.Count > 0 || _heartbeatDue
            || (canSendData && (_markedForRetransmit > 0 || _forwardTsnPending || (_sendQueue.Count > 0 && _flightSize < _cc.Cwnd)))))
        {
            _sackDue = true;
        }
    }

    /// <summary>Writes the SACK if one is due and fits.</summary>
    private void WriteSackIfDue(ref SctpPacketBuilder builder)
    {
        if (!_sackDue || builder.Remaining < SctpSackChunk.FixedLength)
        {
            return;
        }

        Span<SctpGapAckBlock> gaps = stackalloc SctpGapAckBlock[MaxGapBlocks];
        Span<uint> duplicates = stackalloc uint[MaxDuplicatesReported];
        var room = (builder.Remaining - SctpSackChunk.FixedLength) / 4;
        var dupCount = _tsns.TakeDuplicates(duplicates[..Math.Min(room / 2, MaxDuplicatesReported)]);
        var gapCount = _tsns.GetGapBlocks(gaps[..Math.Min(room - dupCount, MaxGapBlocks)]);
        var length = SctpSackChunk.Write(builder.Free, _tsns.CumulativeTsn, AdvertisedWindow, gaps[..gapCount], duplicates[..dupCount]);
        builder.Advance(length);
        _sackDue = false;
        _dataPacketsSinceSack = 0;
        _delayedAck.Stop();
    }
}
