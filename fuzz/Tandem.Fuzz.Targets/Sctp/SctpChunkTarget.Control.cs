using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Sctp;

public sealed partial class SctpChunkTarget
{
    private void Init(ReadOnlySpan<byte> raw)
    {
        if (!SctpInitChunk.TryParse(raw, out var init))
        {
            return;
        }

        Parameters(init.Parameters);
        Check(SctpInitChunk.TryParse(_buffer.AsSpan(0, init.WriteTo(_buffer)), out var again) && again.InitiateTag == init.InitiateTag
            && again.ARwnd == init.ARwnd && again.OutboundStreams == init.OutboundStreams && again.InboundStreams == init.InboundStreams
            && again.InitialTsn == init.InitialTsn && again.Parameters.SequenceEqual(init.Parameters), "INIT changed in a round trip");
    }

    private void InitAck(ReadOnlySpan<byte> raw)
    {
        if (!SctpInitAckChunk.TryParse(raw, out var ack))
        {
            return;
        }

        Parameters(ack.Parameters);
        if (SctpParameter.TryFind(ack.Parameters, SctpParameter.StateCookie, out var cookie))
        {
            _ = SctpCookie.TryRead(cookie, CookieKey, out _);
        }

        Check(SctpInitAckChunk.TryParse(_buffer.AsSpan(0, ack.WriteTo(_buffer)), out var again) && again.InitiateTag == ack.InitiateTag
            && again.ARwnd == ack.ARwnd && again.OutboundStreams == ack.OutboundStreams && again.InboundStreams == ack.InboundStreams
            && again.InitialTsn == ack.InitialTsn && again.Parameters.SequenceEqual(ack.Parameters), "INIT ACK changed in a round trip");
    }

    private static void Parameters(ReadOnlySpan<byte> parameters)
    {
        SctpExtensionSupport.Read(parameters, out _, out _);
        foreach (var parameter in new SctpParameterEnumerator(parameters))
        {
            Check(parameter.Length >= SctpParameter.HeaderLength, "a parameter shorter than its header");
        }
    }

    private void Sack(ReadOnlySpan<byte> raw)
    {
        if (!SctpSackChunk.TryParse(raw, out var sack))
        {
            return;
        }

        var gaps = new SctpGapAckBlock[sack.GapBlockCount];
        for (var i = 0; i < gaps.Length; i++)
        {
            gaps[i] = sack.GetGapBlock(i);
        }

        var duplicates = new uint[sack.DuplicateCount];
        for (var i = 0; i < duplicates.Length; i++)
        {
            duplicates[i] = sack.GetDuplicate(i);
        }

        int length = SctpSackChunk.Write(_buffer, sack.CumulativeTsnAck, sack.ARwnd, gaps, duplicates);
        Check(SctpSackChunk.TryParse(_buffer.AsSpan(0, length), out var again) && again.CumulativeTsnAck == sack.CumulativeTsnAck
            && again.ARwnd == sack.ARwnd && again.GapBlockCount == gaps.Length && again.DuplicateCount == duplicates.Length, "SACK changed in a round trip");
        for (var i = 0; i < gaps.Length; i++)
        {
            Check(again.GetGapBlock(i) == gaps[i], "a gap block changed in a round trip");
        }
    }

    private void ForwardTsn(ReadOnlySpan<byte> raw)
    {
        if (!SctpForwardTsnChunk.TryParse(raw, out var forward))
        {
            return;
        }

        var streams = new (ushort, ushort)[forward.StreamCount];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = forward.GetStream(i);
        }

        int length = SctpForwardTsnChunk.Write(_buffer, forward.NewCumulativeTsn, streams);
        Check(SctpForwardTsnChunk.TryParse(_buffer.AsSpan(0, length), out var again) && again.NewCumulativeTsn == forward.NewCumulativeTsn
            && again.StreamCount == streams.Length, "FORWARD TSN changed in a round trip");
        for (var i = 0; i < streams.Length; i++)
        {
            Check(again.GetStream(i) == streams[i], "a FORWARD TSN stream changed in a round trip");
        }
    }

    private void ReConfig(ReadOnlySpan<byte> raw)
    {
        if (!SctpReConfigChunk.TryParse(raw, out var reconfig))
        {
            return;
        }

        Check(SctpReConfigChunk.TryParse(_buffer.AsSpan(0, reconfig.WriteTo(_buffer)), out var again) && again.Parameters.SequenceEqual(reconfig.Parameters),
            "RE-CONFIG changed in a round trip");
        foreach (var parameter in new SctpParameterEnumerator(reconfig.Parameters))
        {
            if (SctpOutgoingSsnResetRequest.TryParse(parameter, out var outgoing))
            {
                var streams = new ushort[outgoing.StreamCount];
                for (var i = 0; i < streams.Length; i++)
                {
                    streams[i] = outgoing.GetStream(i);
                }

                int length = SctpOutgoingSsnResetRequest.Write(_buffer, outgoing.RequestSequence, outgoing.ResponseSequence, outgoing.LastAssignedTsn, streams);
                var back = new SctpParameterEnumerator(_buffer.AsSpan(0, length));
                Check(back.MoveNext() && SctpOutgoingSsnResetRequest.TryParse(back.Current, out var outAgain)
                    && outAgain.RequestSequence == outgoing.RequestSequence && outAgain.ResponseSequence == outgoing.ResponseSequence
                    && outAgain.LastAssignedTsn == outgoing.LastAssignedTsn && outAgain.StreamCount == streams.Length, "an outgoing reset request changed in a round trip");
            }
            else if (SctpIncomingSsnResetRequest.TryParse(parameter, out var incoming))
            {
                var streams = new ushort[incoming.StreamCount];
                for (var i = 0; i < streams.Length; i++)
                {
                    streams[i] = incoming.GetStream(i);
                }

                int length = SctpIncomingSsnResetRequest.Write(_buffer, incoming.RequestSequence, streams);
                var back = new SctpParameterEnumerator(_buffer.AsSpan(0, length));
                Check(back.MoveNext() && SctpIncomingSsnResetRequest.TryParse(back.Current, out var inAgain)
                    && inAgain.RequestSequence == incoming.RequestSequence && inAgain.StreamCount == streams.Length, "an incoming reset request changed in a round trip");
            }
            else if (SctpReConfigResponse.TryParse(parameter, out var response))
            {
                var back = new SctpParameterEnumerator(_buffer.AsSpan(0, response.WriteTo(_buffer)));
                Check(back.MoveNext() && SctpReConfigResponse.TryParse(back.Current, out var responseAgain)
                    && responseAgain.ResponseSequence == response.ResponseSequence && responseAgain.Result == response.Result, "a RE-CONFIG response changed in a round trip");
            }
        }
    }
}
