using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Inbound packet dispatch and verification tag rules (RFC 9260 §8.5).</summary>
internal sealed partial class SctpAssociation
{
    private void HandlePacket(SctpPacket packet)
    {
        var vtag = packet.VerificationTag;
        var hadData = false;
        var chunks = packet.GetChunks();
        var first = true;
        while (chunks.MoveNext())
        {
            var chunk = chunks.Current;
            var raw = chunk.Raw;
            var tagOk = _myTag != 0 && vtag == _myTag;
            switch (chunk.Type)
            {
                case SctpChunkType.Init:
                    // RFC 9260 §8.5.1 A, §6.10: INIT has tag 0 and is never bundled.
                    if (first && vtag == 0 && SctpInitChunk.TryParse(raw, out var init))
                    {
                        HandleInit(init);
                    }

                    return;
                case SctpChunkType.CookieEcho:
                    if (SctpCookieEchoChunk.TryParse(raw, out var echo))
                    {
                        HandleCookieEcho(vtag, echo);
                    }

                    break;
                case SctpChunkType.Abort:
                    // RFC 9260 §8.5.1 B: with T set the tag is the peer's own.
                    if (SctpAbortChunk.TryParse(raw, out var abort) && (abort.ReflectedTag ? vtag == _peerTag && _peerTag != 0 : tagOk))
                    {
                        HandleAbort(abort);
                    }

                    return;
                case SctpChunkType.ShutdownComplete:
                    if (SctpShutdownCompleteChunk.TryParse(raw, out var complete) && (complete.ReflectedTag ? vtag == _peerTag : tagOk))
                    {
                        HandleShutdownComplete();
                    }

                    return;
                default:
                    if (!tagOk)
                    {
                        RespondOutOfTheBlue(vtag, chunk.Type);
                        return;
                    }

                    if (!HandleTaggedChunk(chunk, ref hadData))
                    {
                        return;
                    }

                    break;
            }

            first = false;
        }

        if (hadData)
        {
            OnDataPacketReceived();
        }
    }

    /// <summary>Handles a chunk that passed the tag check; false stops processing the rest of the packet.</summary>
    private bool HandleTaggedChunk(SctpChunk chunk, ref bool hadData)
    {
        var raw = chunk.Raw;
        switch (chunk.Type)
        {
            case SctpChunkType.InitAck:
                if (SctpInitAckChunk.TryParse(raw, out var initAck))
                {
                    HandleInitAck(initAck);
                }

                return true;
            case SctpChunkType.CookieAck:
                if (_state == SctpAssociationState.CookieEchoed)
                {
                    EnterEstablished();
                }

                return true;
            case SctpChunkType.Data:
                if (IsDataState() && SctpDataChunk.TryParse(raw, out var data))
                {
                    HandleData(data);
                    hadData = true;
                }

                return true;
            case SctpChunkType.Sack:
                if (IsDataState() && SctpSackChunk.TryParse(raw, out var sack))
                {
                    HandleSack(sack);
                }

                return true;
            case SctpChunkType.ForwardTsn:
                if (IsDataState() && SctpForwardTsnChunk.TryParse(raw, out var forward))
                {
                    HandleForwardTsn(forward);
                }

                return true;
            case SctpChunkType.ReConfig:
                if (IsDataState() && SctpReConfigChunk.TryParse(raw, out var reconfig))
                {
                    HandleReConfig(reconfig);
                }

                return true;
            case SctpChunkType.Heartbeat:
                if (SctpHeartbeatChunk.TryParse(raw, out var heartbeat))
                {
                    QueueControl(new SctpHeartbeatAckChunk(heartbeat.Info).Length, heartbeat.Info, static (d, info) => new SctpHeartbeatAckChunk(info).WriteTo(d));
                }

                return true;
            case SctpChunkType.HeartbeatAck:
                if (SctpHeartbeatAckChunk.TryParse(raw, out var heartbeatAck))
                {
                    HandleHeartbeatAck(heartbeatAck);
                }

                return true;
            case SctpChunkType.Shutdown:
                if (SctpShutdownChunk.TryParse(raw, out var shutdown))
                {
                    HandleShutdown(shutdown);
                }

                return true;
            case SctpChunkType.ShutdownAck:
                HandleShutdownAck();
                return true;
            case SctpChunkType.Error:
                return true;
            default:
                return HandleUnknownChunk(chunk);
        }
    }

    /// <summary>
    /// RFC 9260 §8.4: a packet for no association (we are closed) is answered with ABORT, or SHUTDOWN COMPLETE
    /// for a SHUTDOWN ACK, with the T bit set and the sender's own tag, so a restarted peer learns at once.
    /// </summary>
    private void RespondOutOfTheBlue(uint vtag, SctpChunkType type)
    {
        if (_state != SctpAssociationState.Closed || _myTag != 0 || vtag == 0
            || type is SctpChunkType.CookieAck or SctpChunkType.Error or SctpChunkType.InitAck)
        {
            return;
        }

        var builder = StartPacket(vtag, out var buffer);
        builder.Advance(type == SctpChunkType.ShutdownAck
            ? new SctpShutdownCompleteChunk(reflectedTag: true).WriteTo(builder.Free)
            : new SctpAbortChunk(default, reflectedTag: true).WriteTo(builder.Free));
        EnqueuePacket(buffer, builder.Finish());
    }

    /// <summary>RFC 9260 §3.2: the two high bits of an unknown type say whether to skip it and whether to report it.</summary>
    private bool HandleUnknownChunk(SctpChunk chunk)
    {
        var action = (int)chunk.Type >> 6;

        // The cause holds the chunk as received, which need not be a multiple of 4 long; the cause is padded
        // (RFC 9260 §3.2), so the ERROR chunk needs room for the padding too.
        var length = SctpChunk.HeaderLength + SctpChunk.Pad4(SctpParameter.HeaderLength + chunk.Raw.Length);
        if ((action & 1) != 0 && length <= _options.Mtu - SctpPacket.HeaderLength)
        {
            QueueControl(length, chunk.Raw, static (d, raw) =>
            {
                var causeLength = SctpErrorCause.Write(d[SctpChunk.HeaderLength..], SctpErrorCause.UnrecognizedChunkType, raw);
                return new SctpErrorChunk(d.Slice(SctpChunk.HeaderLength, causeLength)).WriteTo(d);
            });
        }

        return (action & 2) != 0;
    }

    private bool IsDataState() => _state is SctpAssociationState.Established
        or SctpAssociationState.ShutdownPending
        or SctpAssociationState.ShutdownSent
        or SctpAssociationState.ShutdownReceived;
}
