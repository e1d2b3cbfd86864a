using System.Buffers;
using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpSessionTests
{
    public static TheoryData<string> ProfileData => [.. Enum.GetNames<SrtpProfile>()];

    private static byte[] KeyingMaterial(SrtpProfile profile) =>
        Enumerable.Range(0, profile.KeyingMaterialLength()).Select(i => (byte)(i * 13)).ToArray();

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void FromDtlsKeyingMaterial_ClientAndServer_UnderstandEachOther(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        byte[] material = KeyingMaterial(profile);
        using SrtpSession client = SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: true);
        using SrtpSession server = SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: false);
        byte[] rtp = MakeRtp(1);
        byte[] rtcp = MakeRtcp();

        byte[] toServer = new byte[rtp.Length + profile.RtpOverhead()];
        Assert.Equal(OperationStatus.Done, client.ProtectRtp(rtp, toServer, out _));
        byte[] toClient = new byte[rtcp.Length + profile.RtcpOverhead()];
        Assert.Equal(OperationStatus.Done, server.ProtectRtcp(rtcp, toClient, out _));

        Assert.Equal(OperationStatus.Done, server.UnprotectRtp(toServer, out int rtpLength));
        Assert.Equal(OperationStatus.Done, client.UnprotectRtcp(toClient, out int rtcpLength));
        Assert.Equal(rtp, toServer[..rtpLength]);
        Assert.Equal(rtcp, toClient[..rtcpLength]);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void FromDtlsKeyingMaterial_ClientKeyFirst_MatchesRfc5764Layout(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        byte[] material = KeyingMaterial(profile);
        int key = profile.MasterKeyLength();
        int salt = profile.MasterSaltLength();
        using SrtpSession client = SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: true);
        using var serverWrite = new SrtpContext(profile, material.AsSpan(key, key), material.AsSpan((2 * key) + salt, salt));
        byte[] rtp = MakeRtp(77);

        byte[] fromServer = ProtectRtp(serverWrite, rtp);
        byte[] echo = ProtectRtp(client.Local, rtp);

        Assert.Equal(OperationStatus.Done, client.UnprotectRtp(fromServer, out _));
        Assert.NotEqual(fromServer, echo);
    }

    [Theory]
    [MemberData(nameof(ProfileData))]
    public void FromDtlsKeyingMaterial_WrongLength_Throws(string profileName)
    {
        var profile = Enum.Parse<SrtpProfile>(profileName);
        byte[] material = new byte[profile.KeyingMaterialLength() - 1];

        Assert.Throws<ArgumentException>(() => SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: true));
    }

    [Fact]
    public void KeyingMaterialLength_Profiles_MatchRfcs()
    {
        Assert.Equal(60, SrtpProfile.Aes128CmHmacSha1_80.KeyingMaterialLength());
        Assert.Equal(56, SrtpProfile.AeadAes128Gcm.KeyingMaterialLength());
        Assert.Equal(10, SrtpProfile.Aes128CmHmacSha1_80.AuthTagLength());
        Assert.Equal(16, SrtpProfile.AeadAes128Gcm.AuthTagLength());
        Assert.Equal(0x0001, (int)SrtpProfile.Aes128CmHmacSha1_80);
        Assert.Equal(0x0007, (int)SrtpProfile.AeadAes128Gcm);
        Assert.False(((SrtpProfile)0x0002).IsSupported());
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 200 }, true)]
    [InlineData(new byte[] { 0x81, 206 }, true)]
    [InlineData(new byte[] { 0x80, 191 }, false)]
    [InlineData(new byte[] { 0x80, 223 }, true)]
    [InlineData(new byte[] { 0x80, 96 + 128 }, false)]
    [InlineData(new byte[] { 0x80 }, false)]
    public void IsRtcp_SecondByte_FollowsRfc5761(byte[] packet, bool expected)
    {
        Assert.Equal(expected, SrtpSession.IsRtcp(packet));
    }

    [Fact]
    public void Constructor_ReplayWindowTooSmall_Throws()
    {
        SrtpProfile profile = SrtpProfile.AeadAes128Gcm;

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SrtpContext(profile, MasterKey(profile, 1), MasterSalt(profile, 1), new SrtpOptions { ReplayWindowSize = 32 }));
    }
}
