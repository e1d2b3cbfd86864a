using Org.BouncyCastle.Tls;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// The epoch-1 traffic keys of a finished DTLS 1.2 handshake with an AES-GCM suite, from the key block
/// (RFC 5246 §6.3): key_block = PRF(master_secret, "key expansion", server_random + client_random),
/// split as client_write_key ‖ server_write_key ‖ client_write_IV ‖ server_write_IV (AEAD suites have
/// no MAC keys; RFC 5288 §3: the IVs are the 4-byte implicit nonce salts).
/// </summary>
internal sealed class DtlsRecordKeys
{
    private readonly byte[] _block;
    private readonly int _keyLength;

    private DtlsRecordKeys(byte[] block, int keyLength, bool isClient)
    {
        _block = block;
        _keyLength = keyLength;
        IsClient = isClient;
    }

    public bool IsClient { get; }

    public ReadOnlySpan<byte> LocalWriteKey => _block.AsSpan(IsClient ? 0 : _keyLength, _keyLength);

    public ReadOnlySpan<byte> RemoteWriteKey => _block.AsSpan(IsClient ? _keyLength : 0, _keyLength);

    public ReadOnlySpan<byte> LocalWriteIv => _block.AsSpan((2 * _keyLength) + (IsClient ? 0 : DtlsRecordProtection.ImplicitIvSize), DtlsRecordProtection.ImplicitIvSize);

    public ReadOnlySpan<byte> RemoteWriteIv => _block.AsSpan((2 * _keyLength) + (IsClient ? DtlsRecordProtection.ImplicitIvSize : 0), DtlsRecordProtection.ImplicitIvSize);

    /// <summary>
    /// Derives the key block through BouncyCastle's PRF (the negotiated one, SHA-256 for our suites);
    /// null when the suite is not AES-GCM, in which case BouncyCastle keeps protecting application data.
    /// Call from NotifyHandshakeComplete, while the master secret is still alive.
    /// </summary>
    public static DtlsRecordKeys? Derive(TlsContext context)
    {
        SecurityParameters parameters = context.SecurityParameters;
        int keyLength = TlsUtilities.GetEncryptionAlgorithm(parameters.CipherSuite) switch
        {
            EncryptionAlgorithm.AES_128_GCM => 16,
            EncryptionAlgorithm.AES_256_GCM => 32,
            _ => 0,
        };
        if (keyLength == 0 || parameters.MasterSecret is null)
        {
            return null;
        }

        byte[] seed = [.. parameters.ServerRandom, .. parameters.ClientRandom];
        int length = 2 * (keyLength + DtlsRecordProtection.ImplicitIvSize);
        byte[] block = parameters.MasterSecret.DeriveUsingPrf(parameters.PrfAlgorithm, ExporterLabel.key_expansion, seed, length).Extract();
        return new DtlsRecordKeys(block, keyLength, !context.IsServer);
    }

    /// <summary>Our epoch-1 protection; our first record gets <paramref name="firstWriteSequence"/>.</summary>
    public DtlsRecordProtection CreateProtection(ulong firstWriteSequence) =>
        new(1, LocalWriteKey, LocalWriteIv, RemoteWriteKey, RemoteWriteIv, firstWriteSequence);
}
