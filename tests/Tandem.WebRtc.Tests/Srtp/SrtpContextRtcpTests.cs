using System.Buffers;
using System.Buffers.Binary;
using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpContextRtcpTests
{
    public static TheoryData<string> ProfileData => [.. Enum.GetNames<SrtpProfile>()];

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_ProtectedPacket_RoundTripsWithEncryptedBody(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtcp = MakeRtcp();
        byte[] srtcp = ProtectRtcp(sender, rtcp);
        byte[] bodyOnWire = srtcp[8..rtcp.Length];
        byte[] output = new byte[rtcp.Length];

        OperationStatus status = receiver.UnprotectRtcp(srtcp, output, out int length);

        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(rtcp.Length, length);
        Assert.Equal(rtcp, output);
        Assert.Equal(rtcp[..8], srtcp[..8]);
        Assert.NotEqual(rtcp[8..], bodyOnWire);
    }

    [Theory]
    [InlineData(nameof(SrtpProfile.Aes128CmHmacSha1_80), 14)]
    [InlineData(nameof(SrtpProfile.AeadAes128Gcm), 4)]
    public void ProtectRtcp_ConsecutivePackets_CarryIncreasingIndexWithEFlag(string profileName, int indexFromEnd)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, _) = Pair(profile);

        uint first = BinaryPrimitives.ReadUInt32BigEndian(ProtectRtcp(sender, MakeRtcp()).AsSpan()[^indexFromEnd..]);
        uint second = BinaryPrimitives.ReadUInt32BigEndian(ProtectRtcp(sender, MakeRtcp()).AsSpan()[^indexFromEnd..]);

        Assert.Equal(0x8000_0000u, first & 0x8000_0000u);
        Assert.Equal((first & 0x7FFF_FFFF) + 1, second & 0x7FFF_FFFF);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_InPlace_RoundTrips(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtcp = MakeRtcp(bodyLength: 0);
        byte[] buffer = new byte[rtcp.Length + sender.RtcpOverhead];
        rtcp.CopyTo(buffer, 0);

        Assert.Equal(OperationStatus.Done, sender.ProtectRtcp(buffer, rtcp.Length, out int written));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(buffer.AsSpan(0, written), out int length));

        Assert.Equal(rtcp, buffer[..length]);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_SamePacketTwice_RejectsReplay(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtcp = ProtectRtcp(sender, MakeRtcp());
        byte[] copy = (byte[])srtcp.Clone();

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(srtcp, out _));
        Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtcp(copy, out _));
        Assert.Equal(1, receiver.ReplayedPackets);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_ReorderedWithinWindow_Accepts(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[][] packets = [.. Enumerable.Range(0, 5).Select(_ => ProtectRtcp(sender, MakeRtcp()))];

        foreach (int i in new[] { 0, 3, 1, 4, 2 })
        {
            Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(packets[i], out _));
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_AnyByteFlipped_Rejects(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtcp = ProtectRtcp(sender, MakeRtcp(bodyLength: 12));

        for (int i = 0; i < srtcp.Length; i++)
        {
            byte[] tampered = (byte[])srtcp.Clone();
            tampered[i] ^= 0x10;
            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtcp(tampered, out _));
        }

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(srtcp, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_EveryTruncation_RejectsWithoutThrowing(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] srtcp = ProtectRtcp(sender, MakeRtcp());

        for (int length = 0; length < srtcp.Length; length++)
        {
            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtcp(srtcp[..length], out int written));
            Assert.Equal(0, written);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void UnprotectRtcp_RandomGarbage_RejectsWithoutThrowing(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        (_, SrtpContext receiver) = Pair(profile);
        var random = new Random(99);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(0, 120)];
            random.NextBytes(garbage);
            if (garbage.Length > 0)
            {
                garbage[0] = (byte)(0x80 | (garbage[0] & 0x3F));
            }

            Assert.Equal(OperationStatus.InvalidData, receiver.UnprotectRtcp(garbage, out _));
        }
    }

    [Fact]
    public void UnprotectRtcp_AesCmAuthenticatedOnly_AcceptsClearBody()
    {
        // RFC 3711 §3.4: E = 0, body sent in the clear but authenticated. Built by hand:
        // the auth tag is HMAC-SHA1 over header..index with the derived SRTCP auth key.
        SrtpProfile profile = SrtpProfile.Aes128CmHmacSha1_80;
        (SrtpContext sender, SrtpContext receiver) = Pair(profile);
        byte[] rtcp = MakeRtcp();
        byte[] encrypted = ProtectRtcp(sender, rtcp);
        byte[] authKey = new byte[20];
        using (var prf = new AesCounterMode(MasterKey(profile, 1)))
        {
            SrtpKeyDerivation.Derive(prf, MasterSalt(profile, 1), SrtpKeyDerivation.RtcpAuthentication, authKey);
        }

        byte[] clear = [.. rtcp, .. new byte[4], .. new byte[10]];
        BinaryPrimitives.WriteUInt32BigEndian(clear.AsSpan(rtcp.Length), 7);
        byte[] mac = System.Security.Cryptography.HMACSHA1.HashData(authKey, clear.AsSpan(0, rtcp.Length + 4));
        mac.AsSpan(0, 10).CopyTo(clear.AsSpan(rtcp.Length + 4));

        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(encrypted, out _));
        Assert.Equal(OperationStatus.Done, receiver.UnprotectRtcp(clear, out int length));
        Assert.Equal(rtcp, clear[..length]);
    }
}
