namespace Tandem.WebRtc.Dtls;

/// <summary>
/// SRTP master keys and salts exported from a finished DTLS handshake (RFC 5764 §4.2):
/// the exporter output is client_write_key | server_write_key | client_write_salt | server_write_salt.
/// "Local" is what this endpoint protects its outgoing SRTP with; "remote" unprotects incoming SRTP.
/// </summary>
internal sealed class DtlsSrtpKeys
{
    private readonly byte[] _material;
    private readonly int _keyLength;
    private readonly int _saltLength;
    private readonly bool _isClient;

    /// <summary>Splits raw exporter output for <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">The material is not the length the profile needs.</exception>
    public DtlsSrtpKeys(DtlsSrtpProtectionProfile profile, ReadOnlySpan<byte> keyingMaterial, DtlsRole localRole)
    {
        if (keyingMaterial.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException("Keying material length does not match the SRTP profile.", nameof(keyingMaterial));
        }

        Profile = profile;
        _material = keyingMaterial.ToArray();
        _keyLength = profile.MasterKeyLength();
        _saltLength = profile.MasterSaltLength();
        _isClient = localRole == DtlsRole.Client;
    }

    /// <summary>The negotiated protection profile.</summary>
    public DtlsSrtpProtectionProfile Profile { get; }

    /// <summary>The whole exporter output ("EXTRACTOR-dtls_srtp", 2 * (key + salt) bytes).</summary>
    public ReadOnlyMemory<byte> KeyingMaterial => _material;

    /// <summary>client_write_SRTP_master_key.</summary>
    public ReadOnlyMemory<byte> ClientMasterKey => _material.AsMemory(0, _keyLength);

    /// <summary>server_write_SRTP_master_key.</summary>
    public ReadOnlyMemory<byte> ServerMasterKey => _material.AsMemory(_keyLength, _keyLength);

    /// <summary>client_write_SRTP_master_salt.</summary>
    public ReadOnlyMemory<byte> ClientMasterSalt => _material.AsMemory(2 * _keyLength, _saltLength);

    /// <summary>server_write_SRTP_master_salt.</summary>
    public ReadOnlyMemory<byte> ServerMasterSalt => _material.AsMemory((2 * _keyLength) + _saltLength, _saltLength);

    /// <summary>Master key for SRTP we send.</summary>
    public ReadOnlyMemory<byte> LocalMasterKey => _isClient ? ClientMasterKey : ServerMasterKey;

    /// <summary>Master salt for SRTP we send.</summary>
    public ReadOnlyMemory<byte> LocalMasterSalt => _isClient ? ClientMasterSalt : ServerMasterSalt;

    /// <summary>Master key for SRTP we receive.</summary>
    public ReadOnlyMemory<byte> RemoteMasterKey => _isClient ? ServerMasterKey : ClientMasterKey;

    /// <summary>Master salt for SRTP we receive.</summary>
    public ReadOnlyMemory<byte> RemoteMasterSalt => _isClient ? ServerMasterSalt : ClientMasterSalt;
}
