using System.Buffers;
using System.Runtime.CompilerServices;
using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Tandem.WebRtc.Tests.Srtp;

/// <summary>Packets protected by us are unprotected by libsrtp2 and the other way round.</summary>
public class LibSrtpInteropTests
{
    public static TheoryData<string> ProfileData => [.. Enum.GetNames<SrtpProfile>()];

    private static readonly ushort[] WrappingSequence = [65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3];

    [Fact]
    public void PolicyLayout_MatchesLibSrtp2Header()
    {
        Assert.Equal(24, Unsafe.SizeOf<LibSrtp.CryptoPolicy>());
        Assert.Equal(128, Unsafe.SizeOf<LibSrtp.Policy>());
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtp_OursToLibSrtp_AcrossRolloverWrap(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var ours = new SrtpContext(profile, MasterKey(profile, 3), MasterSalt(profile, 3));
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 3), MasterSalt(profile, 3), outbound: false);

        foreach (ushort sequence in WrappingSequence)
        {
            byte[] rtp = MakeRtp(sequence, csrcCount: sequence % 2, extensionWords: sequence % 3 == 0 ? 1 : -1);
            byte[] buffer = new byte[rtp.Length + LibSrtp.MaxTrailer];
            Assert.Equal(OperationStatus.Done, ours.ProtectRtp(rtp, buffer, out int length));

            Assert.Equal(LibSrtp.StatusOk, theirs.UnprotectRtp(buffer, ref length));
            Assert.Equal(rtp, buffer[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtp_LibSrtpToOurs_AcrossRolloverWrap(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 4), MasterSalt(profile, 4), outbound: true);
        using var ours = new SrtpContext(profile, MasterKey(profile, 4), MasterSalt(profile, 4));

        foreach (ushort sequence in WrappingSequence)
        {
            byte[] rtp = MakeRtp(sequence, payloadLength: 1188);
            byte[] buffer = new byte[rtp.Length + LibSrtp.MaxTrailer];
            rtp.CopyTo(buffer, 0);
            int length = rtp.Length;
            Assert.Equal(LibSrtp.StatusOk, theirs.ProtectRtp(buffer, ref length));
            Assert.Equal(rtp.Length + profile.RtpOverhead(), length);

            Assert.Equal(OperationStatus.Done, ours.UnprotectRtp(buffer.AsSpan(0, length), out int rtpLength));
            Assert.Equal(rtp, buffer[..rtpLength]);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtcp_OursToLibSrtp_Unprotects(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var ours = new SrtpContext(profile, MasterKey(profile, 5), MasterSalt(profile, 5));
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 5), MasterSalt(profile, 5), outbound: false);

        for (int i = 0; i < 5; i++)
        {
            byte[] rtcp = MakeRtcp(bodyLength: 4 * (i + 1), fill: (byte)i);
            byte[] buffer = new byte[rtcp.Length + LibSrtp.MaxTrailer];
            Assert.Equal(OperationStatus.Done, ours.ProtectRtcp(rtcp, buffer, out int length));

            Assert.Equal(LibSrtp.StatusOk, theirs.UnprotectRtcp(buffer, ref length));
            Assert.Equal(rtcp, buffer[..length]);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtcp_LibSrtpToOurs_Unprotects(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 6), MasterSalt(profile, 6), outbound: true);
        using var ours = new SrtpContext(profile, MasterKey(profile, 6), MasterSalt(profile, 6));

        for (int i = 0; i < 5; i++)
        {
            byte[] rtcp = MakeRtcp(bodyLength: 4 * (i + 1), fill: (byte)i);
            byte[] buffer = new byte[rtcp.Length + LibSrtp.MaxTrailer];
            rtcp.CopyTo(buffer, 0);
            int length = rtcp.Length;
            Assert.Equal(LibSrtp.StatusOk, theirs.ProtectRtcp(buffer, ref length));
            Assert.Equal(rtcp.Length + profile.RtcpOverhead(), length);

            Assert.Equal(OperationStatus.Done, ours.UnprotectRtcp(buffer.AsSpan(0, length), out int rtcpLength));
            Assert.Equal(rtcp, buffer[..rtcpLength]);
        }
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtp_SameKeysAndPacket_ProduceIdenticalBytes(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var ours = new SrtpContext(profile, MasterKey(profile, 7), MasterSalt(profile, 7));
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 7), MasterSalt(profile, 7), outbound: true);
        byte[] rtp = MakeRtp(4242, csrcCount: 1, extensionWords: 2);
        byte[] buffer = new byte[rtp.Length + LibSrtp.MaxTrailer];
        rtp.CopyTo(buffer, 0);
        int length = rtp.Length;

        Assert.Equal(LibSrtp.StatusOk, theirs.ProtectRtp(buffer, ref length));
        byte[] mine = ProtectRtp(ours, rtp);

        Assert.Equal(buffer[..length], mine);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void Rtp_LibSrtpPacketTampered_OursRejects(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        using var theirs = new LibSrtpSession(profile, MasterKey(profile, 8), MasterSalt(profile, 8), outbound: true);
        using var ours = new SrtpContext(profile, MasterKey(profile, 8), MasterSalt(profile, 8));
        byte[] rtp = MakeRtp(10);
        byte[] buffer = new byte[rtp.Length + LibSrtp.MaxTrailer];
        rtp.CopyTo(buffer, 0);
        int length = rtp.Length;
        Assert.Equal(LibSrtp.StatusOk, theirs.ProtectRtp(buffer, ref length));
        buffer[20] ^= 0x01;

        Assert.Equal(OperationStatus.InvalidData, ours.UnprotectRtp(buffer.AsSpan(0, length), out _));
        Assert.Equal(1, ours.AuthenticationFailures);
    }
}
