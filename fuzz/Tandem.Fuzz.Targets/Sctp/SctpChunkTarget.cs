using System.Buffers.Binary;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Sctp;

/// <summary>
/// One SCTP packet after DTLS (RFC 9260 §3, RFC 3758, RFC 6525): the common header, the CRC32c check,
/// every chunk type and its parameters. Each chunk that parses is written again and must parse to the
/// same values; a DATA chunk with the DCEP PPID goes to the DCEP parser too.
/// </summary>
public sealed partial class SctpChunkTarget : IFuzzTarget
{
    private static readonly byte[] CookieKey = new byte[32];
    private readonly byte[] _buffer = new byte[70_000];

    public string Name => "sctp";

    public void Run(ReadOnlySpan<byte> input)
    {
        bool verified = SctpPacket.TryParse(input, out _);
        if (!SctpPacket.TryParse(input, out var packet, verifyChecksum: false))
        {
            Check(!verified, "a packet passed the checksum but not the length check");
            return;
        }

        Check(verified == (SctpCrc32c.ComputePacketChecksum(input) == packet.Checksum), "the checksum verdict is wrong");
        _ = (packet.SourcePort, packet.DestinationPort, packet.VerificationTag);

        // Our checksum written into a copy must verify.
        input.CopyTo(_buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), SctpCrc32c.ComputePacketChecksum(input));
        Check(SctpPacket.TryParse(_buffer.AsSpan(0, input.Length), out _), "a packet with our checksum does not verify");

        var chunks = packet.GetChunks();
        while (chunks.MoveNext())
        {
            var chunk = chunks.Current;
            Check(chunk.Raw.Length >= SctpChunk.HeaderLength && BinaryPrimitives.ReadUInt16BigEndian(chunk.Raw[2..]) == chunk.Raw.Length,
                "a chunk's span and length field disagree");
            Chunk(chunk.Type, chunk.Raw);
        }
    }

    private void Chunk(SctpChunkType type, ReadOnlySpan<byte> raw)
    {
        switch (type)
        {
            case SctpChunkType.Data:
                Data(raw);
                break;
            case SctpChunkType.Init:
                Init(raw);
                break;
            case SctpChunkType.InitAck:
                InitAck(raw);
                break;
            case SctpChunkType.Sack:
                Sack(raw);
                break;
            case SctpChunkType.Heartbeat when SctpHeartbeatChunk.TryParse(raw, out var heartbeat):
                Check(SctpHeartbeatChunk.TryParse(_buffer.AsSpan(0, heartbeat.WriteTo(_buffer)), out var hbAgain) && hbAgain.Info.SequenceEqual(heartbeat.Info),
                    "HEARTBEAT changed in a round trip");
                break;
            case SctpChunkType.HeartbeatAck when SctpHeartbeatAckChunk.TryParse(raw, out var ack):
                Check(SctpHeartbeatAckChunk.TryParse(_buffer.AsSpan(0, ack.WriteTo(_buffer)), out var ackAgain) && ackAgain.Info.SequenceEqual(ack.Info),
                    "HEARTBEAT ACK changed in a round trip");
                break;
            case SctpChunkType.Abort when SctpAbortChunk.TryParse(raw, out var abort):
                _ = SctpErrorCause.Describe(abort.Causes);
                Check(SctpAbortChunk.TryParse(_buffer.AsSpan(0, abort.WriteTo(_buffer)), out var abortAgain) && abortAgain.ReflectedTag == abort.ReflectedTag
                    && abortAgain.Causes.SequenceEqual(abort.Causes), "ABORT changed in a round trip");
                break;
            case SctpChunkType.Error when SctpErrorChunk.TryParse(raw, out var error):
                _ = SctpErrorCause.Describe(error.Causes);
                Check(SctpErrorChunk.TryParse(_buffer.AsSpan(0, error.WriteTo(_buffer)), out var errorAgain) && errorAgain.Causes.SequenceEqual(error.Causes),
                    "ERROR changed in a round trip");
                break;
            case SctpChunkType.Shutdown when SctpShutdownChunk.TryParse(raw, out var shutdown):
                Check(SctpShutdownChunk.TryParse(_buffer.AsSpan(0, shutdown.WriteTo(_buffer)), out var shutdownAgain)
                    && shutdownAgain.CumulativeTsnAck == shutdown.CumulativeTsnAck, "SHUTDOWN changed in a round trip");
                break;
            case SctpChunkType.ShutdownAck when SctpShutdownAckChunk.TryParse(raw, out var shutdownAck):
                Check(SctpShutdownAckChunk.TryParse(_buffer.AsSpan(0, shutdownAck.WriteTo(_buffer)), out _), "SHUTDOWN ACK does not write back");
                break;
            case SctpChunkType.CookieEcho when SctpCookieEchoChunk.TryParse(raw, out var echo):
                _ = SctpCookie.TryRead(echo.Cookie, CookieKey, out _);
                Check(SctpCookieEchoChunk.TryParse(_buffer.AsSpan(0, echo.WriteTo(_buffer)), out var echoAgain) && echoAgain.Cookie.SequenceEqual(echo.Cookie),
                    "COOKIE ECHO changed in a round trip");
                break;
            case SctpChunkType.CookieAck when SctpCookieAckChunk.TryParse(raw, out var cookieAck):
                Check(SctpCookieAckChunk.TryParse(_buffer.AsSpan(0, cookieAck.WriteTo(_buffer)), out _), "COOKIE ACK does not write back");
                break;
            case SctpChunkType.ShutdownComplete when SctpShutdownCompleteChunk.TryParse(raw, out var complete):
                Check(SctpShutdownCompleteChunk.TryParse(_buffer.AsSpan(0, complete.WriteTo(_buffer)), out var completeAgain)
                    && completeAgain.ReflectedTag == complete.ReflectedTag, "SHUTDOWN COMPLETE changed in a round trip");
                break;
            case SctpChunkType.ReConfig:
                ReConfig(raw);
                break;
            case SctpChunkType.ForwardTsn:
                ForwardTsn(raw);
                break;
        }
    }

    private void Data(ReadOnlySpan<byte> raw)
    {
        if (!SctpDataChunk.TryParse(raw, out var data))
        {
            return;
        }

        int length = data.WriteTo(_buffer);
        Check(SctpDataChunk.TryParse(_buffer.AsSpan(0, length), out var again) && again.Tsn == data.Tsn && again.StreamId == data.StreamId
            && again.Ssn == data.Ssn && again.Ppid == data.Ppid && again.Flags == data.Flags && again.UserData.SequenceEqual(data.UserData),
            "DATA changed in a round trip");
        if (data.Ppid == DataChannelPpid.Dcep)
        {
            DcepTarget.Check(data.UserData);
        }
    }
}
