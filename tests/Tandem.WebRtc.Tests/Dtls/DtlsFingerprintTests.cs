using System.Security.Cryptography;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // A fingerprint as Chromium writes it (tests/.../Sdp/Data/chromium-datachannel-offer.sdp).
    private const string Chromium =
        "sha-256 84:79:84:86:A3:C8:DC:72:76:1F:C6:C3:39:C2:E9:C5:29:C1:09:C8:70:DF:FC:5C:1C:4B:E8:E3:7A:39:DF:29";

    [Fact]
    public void TryParse_ChromiumValue_RoundTrips()
    {
        Assert.True(DtlsFingerprint.TryParse(Chromium, out DtlsFingerprint? fingerprint));

        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.Equal(32, fingerprint.Digest.Length);
        Assert.Equal(0x84, fingerprint.Digest[0]);
        Assert.Equal(Chromium, fingerprint.ToString());
    }

    [Fact]
    public void TryParse_LowerCaseAndUpperAlgorithm_EqualsCanonical()
    {
        Assert.True(DtlsFingerprint.TryParse(Chromium.ToLowerInvariant().Replace("sha-256", "SHA-256", StringComparison.Ordinal), out var lower));
        Assert.True(DtlsFingerprint.TryParse(Chromium, out var canonical));

        Assert.Equal(canonical, lower);
        Assert.Equal(Chromium, lower.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 AB:CD")]
    [InlineData("sha-256 84:79")]
    [InlineData("sha-256 84:79:84:86:A3:C8:DC:72:76:1F:C6:C3:39:C2:E9:C5:29:C1:09:C8:70:DF:FC:5C:1C:4B:E8:E3:7A:39:DF:2")]
    [InlineData("sha-256 84:79:84:86:A3:C8:DC:72:76:1F:C6:C3:39:C2:E9:C5:29:C1:09:C8:70:DF:FC:5C:1C:4B:E8:E3:7A:39:DF:ZZ")]
    [InlineData("sha-256 8479:84:86:A3:C8:DC:72:76:1F:C6:C3:39:C2:E9:C5:29:C1:09:C8:70:DF:FC:5C:1C:4B:E8:E3:7A:39:DF:29:00")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out DtlsFingerprint? fingerprint));
        Assert.Null(fingerprint);
    }

    [Fact]
    public void Compute_Sha256_IsDigestOfDer()
    {
        byte[] der = [1, 2, 3, 4, 5];

        DtlsFingerprint fingerprint = DtlsFingerprint.Compute(der);

        Assert.Equal(SHA256.HashData(der), fingerprint.Digest.ToArray());
        Assert.True(fingerprint.Matches(der));
        Assert.False(fingerprint.Matches([1, 2, 3, 4, 6]));
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-384", 48)]
    [InlineData("sha-512", 64)]
    public void Compute_OtherHashes_ParseBackEqual(string algorithm, int length)
    {
        DtlsFingerprint fingerprint = DtlsFingerprint.Compute([9, 9, 9], algorithm);

        Assert.Equal(length, fingerprint.Digest.Length);
        Assert.True(DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed));
        Assert.Equal(fingerprint, parsed);
    }

    [Fact]
    public void Compute_UnknownHash_Throws() =>
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.Compute([1], "md5"));
}
