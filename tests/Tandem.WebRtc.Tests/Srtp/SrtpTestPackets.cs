using System.Buffers.Binary;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Srtp;

/// <summary>Builds RTP/RTCP packets and keyed contexts for SRTP tests.</summary>
internal static class SrtpTestPackets
{
    public static readonly SrtpProfile[] Profiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm];

    public static TheoryData<SrtpProfile> AllProfiles => [.. Profiles];

    /// <summary>An RTP packet with a deterministic payload; optionally CSRCs and a header extension.</summary>
    public static byte[] MakeRtp(ushort sequence, uint ssrc = 0x11223344, int payloadLength = 160, int csrcCount = 0, int extensionWords = -1)
    {
        int extension = extensionWords < 0 ? 0 : 4 + (4 * extensionWords);
        int header = 12 + (4 * csrcCount) + extension;
        byte[] packet = new byte[header + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12 + (4 * i)), 0xC0000000u + (uint)i);
        }

        if (extensionWords >= 0)
        {
            int at = 12 + (4 * csrcCount);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
            packet.AsSpan(at + 4, 4 * extensionWords).Fill(0x5A);
        }

        for (int i = header; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 7 + sequence);
        }

        return packet;
    }

    /// <summary>An RTCP receiver report with <paramref name="bodyLength"/> bytes after the 8-byte header.</summary>
    public static byte[] MakeRtcp(uint ssrc = 0x11223344, int bodyLength = 24, byte fill = 0x42)
    {
        byte[] packet = new byte[8 + bodyLength];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((packet.Length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        packet.AsSpan(8).Fill(fill);
        return packet;
    }

    public static byte[] MasterKey(SrtpProfile profile, byte seed) => Enumerable.Range(seed, profile.MasterKeyLength()).Select(i => (byte)i).ToArray();

    public static byte[] MasterSalt(SrtpProfile profile, byte seed) => Enumerable.Range(seed + 100, profile.MasterSaltLength()).Select(i => (byte)i).ToArray();

    /// <summary>A sender and a receiver context under the same master key.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile, SrtpOptions? options = null, byte seed = 1) =>
        (new SrtpContext(profile, MasterKey(profile, seed), MasterSalt(profile, seed), options),
         new SrtpContext(profile, MasterKey(profile, seed), MasterSalt(profile, seed), options));

    /// <summary>Protects a copy of <paramref name="rtp"/> and returns the SRTP packet.</summary>
    public static byte[] ProtectRtp(SrtpContext context, byte[] rtp)
    {
        byte[] buffer = new byte[rtp.Length + context.RtpOverhead];
        Assert.Equal(System.Buffers.OperationStatus.Done, context.ProtectRtp(rtp, buffer, out int written));
        Assert.Equal(buffer.Length, written);
        return buffer;
    }

    /// <summary>Protects a copy of <paramref name="rtcp"/> and returns the SRTCP packet.</summary>
    public static byte[] ProtectRtcp(SrtpContext context, byte[] rtcp)
    {
        byte[] buffer = new byte[rtcp.Length + context.RtcpOverhead];
        Assert.Equal(System.Buffers.OperationStatus.Done, context.ProtectRtcp(rtcp, buffer, out int written));
        Assert.Equal(buffer.Length, written);
        return buffer;
    }
}
