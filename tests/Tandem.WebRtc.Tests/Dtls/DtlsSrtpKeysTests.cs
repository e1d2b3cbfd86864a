using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80, 16, 14, 60)]
    [InlineData(DtlsSrtpProtectionProfile.AeadAes128Gcm, 16, 12, 56)]
    public void Lengths_PerRfc5764AndRfc7714(DtlsSrtpProtectionProfile profile, int key, int salt, int total)
    {
        Assert.Equal(key, profile.MasterKeyLength());
        Assert.Equal(salt, profile.MasterSaltLength());
        Assert.Equal(total, profile.KeyingMaterialLength());
    }

    [Fact]
    public void Split_Aes128Cm_ClientKeyServerKeyClientSaltServerSalt()
    {
        byte[] material = Enumerable.Range(0, 60).Select(i => (byte)i).ToArray();

        var client = new DtlsSrtpKeys(DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80, material, DtlsRole.Client);
        var server = new DtlsSrtpKeys(DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80, material, DtlsRole.Server);

        Assert.Equal(material[..16], client.ClientMasterKey.ToArray());
        Assert.Equal(material[16..32], client.ServerMasterKey.ToArray());
        Assert.Equal(material[32..46], client.ClientMasterSalt.ToArray());
        Assert.Equal(material[46..60], client.ServerMasterSalt.ToArray());
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());
        Assert.Equal(server.LocalMasterKey.ToArray(), material[16..32]);
    }

    [Fact]
    public void Ctor_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new DtlsSrtpKeys(DtlsSrtpProtectionProfile.AeadAes128Gcm, new byte[60], DtlsRole.Client));
}
