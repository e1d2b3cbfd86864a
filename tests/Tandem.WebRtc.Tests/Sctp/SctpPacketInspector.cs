using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

/// <summary>Helpers to look at captured datagrams.</summary>
internal static class SctpPacketInspector
{
    public static bool Contains(byte[] datagram, SctpChunkType type)
    {
        if (!SctpPacket.TryParse(datagram, out var packet))
        {
            return false;
        }

        foreach (var chunk in packet.GetChunks())
        {
            if (chunk.Type == type)
            {
                return true;
            }
        }

        return false;
    }

    public static int Count(IEnumerable<byte[]> datagrams, SctpChunkType type) => datagrams.Count(d => Contains(d, type));
}
