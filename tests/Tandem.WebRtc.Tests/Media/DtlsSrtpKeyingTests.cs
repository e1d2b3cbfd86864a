using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Tests.Dtls;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Media;

public sealed class DtlsSrtpKeyingTests
{
    [Theory]
    [InlineData(DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80, nameof(SrtpProfile.Aes128CmHmacSha1_80))]
    [InlineData(DtlsSrtpProtectionProfile.AeadAes128Gcm, nameof(SrtpProfile.AeadAes128Gcm))]
    public void ToSrtpProfile_KnownProfile_KeepsTheCodePoint(DtlsSrtpProtectionProfile dtls, string expectedName)
    {
        var expected = Enum.Parse<SrtpProfile>(expectedName);
        Assert.Equal(expected, dtls.ToSrtpProfile());
        Assert.Equal((int)dtls, (int)expected);
    }

    [Fact]
    public void ToSrtpProfile_UnknownProfile_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DtlsSrtpProtectionProfile)0x0002).ToSrtpProfile());

    [Fact]
    public async Task CreateSrtpSession_BeforeHandshake_Throws()
    {
        var (a, _) = DatagramPipe.CreatePair();
        await using var dtls = new DtlsTransport(a, DtlsRole.Client, DtlsTestPair.ClientCertificate);

        Assert.Throws<InvalidOperationException>(() => DtlsSrtpKeying.CreateSrtpSession(dtls));
    }
}
