using Tandem.WebRtc.Srtp;
using static Tandem.WebRtc.Tests.Srtp.SrtpTestVectors;

namespace Tandem.WebRtc.Tests.Srtp;

public class SrtpVectorTests
{
    [Fact]
    public void AesCounterMode_Rfc3711B2Segment_MatchesKeystream()
    {
        using var ctr = new AesCounterMode(Hex(B2SessionKey));
        byte[] iv = new byte[16];
        Hex(B2SessionSalt).CopyTo(iv, 0);
        byte[] keystream = new byte[B2KeystreamBlocks * 16];

        ctr.Transform(iv, keystream, keystream);

        foreach ((int block, string expected) in B2Blocks)
        {
            Assert.Equal(expected, Convert.ToHexString(keystream, block * 16, 16));
        }
    }

    [Fact]
    public void AesCounterMode_DisjointBuffers_DecryptsWhatItEncrypted()
    {
        using var ctr = new AesCounterMode(Hex(B2SessionKey));
        byte[] iv = new byte[16];
        byte[] plain = new byte[3000];
        new Random(7).NextBytes(plain);
        byte[] cipher = new byte[plain.Length];
        byte[] back = new byte[plain.Length];

        ctr.Transform(iv, plain, cipher);
        ctr.Transform(iv, cipher, back);

        Assert.NotEqual(plain, cipher);
        Assert.Equal(plain, back);
    }

    [Theory]
    [InlineData(SrtpKeyDerivation.RtpEncryption, B3CipherKey)]
    [InlineData(SrtpKeyDerivation.RtpSalt, B3CipherSalt)]
    [InlineData(SrtpKeyDerivation.RtpAuthentication, B3AuthKey)]
    public void Derive_Rfc3711B3_MatchesSessionKey(byte label, string expected)
    {
        using var prf = new AesCounterMode(Hex(B3MasterKey));
        byte[] output = new byte[expected.Length / 2];

        SrtpKeyDerivation.Derive(prf, Hex(B3MasterSalt), label, output);

        Assert.Equal(expected, Convert.ToHexString(output));
    }

    [Fact]
    public void ProtectRtp_Rfc7714Section16Vector_MatchesSrtp()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] rtp = Hex(GcmRtp);
        byte[] buffer = new byte[rtp.Length + 16];
        rtp.CopyTo(buffer, 0);

        cipher.ProtectRtp(buffer, 12, rtp.Length, 0x5501a0b2, 0xf17b);

        Assert.Equal(Hex(GcmSrtp), buffer);
    }

    [Fact]
    public void UnprotectRtp_Rfc7714Section16Vector_MatchesRtp()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] srtp = Hex(GcmSrtp);
        byte[] rtp = new byte[srtp.Length - 16];

        bool ok = cipher.UnprotectRtp(srtp, rtp, 12, rtp.Length, 0x5501a0b2, 0xf17b);

        Assert.True(ok);
        Assert.Equal(Hex(GcmRtp), rtp);
    }

    [Fact]
    public void UnprotectRtp_Rfc7714VectorWithFlippedTagBit_Fails()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] srtp = Hex(GcmSrtp);
        srtp[^1] ^= 0x01;

        bool ok = cipher.UnprotectRtp(srtp, srtp, 12, srtp.Length - 16, 0x5501a0b2, 0xf17b);

        Assert.False(ok);
    }

    [Fact]
    public void ProtectRtcp_Rfc7714Section17Vector_MatchesSrtcp()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] rtcp = Hex(GcmRtcp);
        byte[] buffer = new byte[rtcp.Length + 20];
        rtcp.CopyTo(buffer, 0);

        int length = cipher.ProtectRtcp(buffer, rtcp.Length, 0x4d617273, GcmRtcpIndex);

        Assert.Equal(buffer.Length, length);
        Assert.Equal(Hex(GcmSrtcp), buffer);
    }

    [Fact]
    public void UnprotectRtcp_Rfc7714Section17Vector_MatchesRtcp()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] srtcp = Hex(GcmSrtcp);
        byte[] rtcp = new byte[srtcp.Length - 20];

        bool ok = cipher.UnprotectRtcp(srtcp, rtcp, rtcp.Length, 0x4d617273, 0x8000_0000 | GcmRtcpIndex);

        Assert.True(ok);
        Assert.Equal(Hex(GcmRtcp), rtcp);
    }

    [Fact]
    public void UnprotectRtcp_Rfc7714VectorWithOtherIndex_Fails()
    {
        using var cipher = new AesGcmCipher(Hex(GcmKey), Hex(GcmSalt));
        byte[] srtcp = Hex(GcmSrtcp);
        byte[] rtcp = new byte[srtcp.Length - 20];

        bool ok = cipher.UnprotectRtcp(srtcp, rtcp, rtcp.Length, 0x4d617273, 0x8000_0000 | (GcmRtcpIndex + 1));

        Assert.False(ok);
    }
}
