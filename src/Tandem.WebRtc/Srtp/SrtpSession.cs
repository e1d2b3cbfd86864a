using System.Buffers;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The two SRTP contexts of a DTLS-SRTP association: <see cref="Local"/> protects what this
/// endpoint sends, <see cref="Remote"/> unprotects what it receives. The two may be used from
/// different threads at the same time (each on its own thread).
/// </summary>
internal sealed class SrtpSession : IDisposable
{
    /// <summary>The TLS exporter label for DTLS-SRTP keying material (RFC 5764 §4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Pairs two contexts; the session owns and disposes them.</summary>
    public SrtpSession(SrtpContext local, SrtpContext remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        Local = local;
        Remote = remote;
    }

    /// <summary>The context that protects outgoing packets.</summary>
    public SrtpContext Local { get; }

    /// <summary>The context that unprotects incoming packets.</summary>
    public SrtpContext Remote { get; }

    /// <summary>
    /// Builds the session from the DTLS exporter output (label <see cref="ExporterLabel"/>, length
    /// <see cref="SrtpProfileExtensions.KeyingMaterialLength"/>), laid out as RFC 5764 §4.2 says:
    /// client write key | server write key | client write salt | server write salt.
    /// The DTLS client protects with the client key and salt, the server with the server's.
    /// </summary>
    /// <exception cref="ArgumentException">The profile is unsupported or the material's length does not match it.</exception>
    public static SrtpSession FromDtlsKeyingMaterial(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient, SrtpOptions? options = null)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (keyingMaterial.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} bytes of keying material.", nameof(keyingMaterial));
        }

        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        ReadOnlySpan<byte> clientKey = keyingMaterial[..keyLength];
        ReadOnlySpan<byte> serverKey = keyingMaterial.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);
        var client = new SrtpContext(profile, clientKey, clientSalt, options);
        var server = new SrtpContext(profile, serverKey, serverSalt, options);
        return isDtlsClient ? new SrtpSession(client, server) : new SrtpSession(server, client);
    }

    /// <summary>
    /// Whether a packet received on an rtcp-mux transport is SRTCP rather than SRTP: RFC 5761 §4,
    /// the second byte (RTCP packet type, or RTP marker bit and payload type) is 192..223.
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] is >= 192 and <= 223;

    /// <inheritdoc cref="SrtpContext.ProtectRtp(Span{byte}, int, out int)"/>
    public OperationStatus ProtectRtp(Span<byte> buffer, int length, out int bytesWritten) =>
        Local.ProtectRtp(buffer, length, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.ProtectRtp(ReadOnlySpan{byte}, Span{byte}, out int)"/>
    public OperationStatus ProtectRtp(ReadOnlySpan<byte> rtp, Span<byte> destination, out int bytesWritten) =>
        Local.ProtectRtp(rtp, destination, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.UnprotectRtp(Span{byte}, out int)"/>
    public OperationStatus UnprotectRtp(Span<byte> packet, out int bytesWritten) =>
        Remote.UnprotectRtp(packet, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.UnprotectRtp(ReadOnlySpan{byte}, Span{byte}, out int)"/>
    public OperationStatus UnprotectRtp(ReadOnlySpan<byte> srtp, Span<byte> destination, out int bytesWritten) =>
        Remote.UnprotectRtp(srtp, destination, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.ProtectRtcp(Span{byte}, int, out int)"/>
    public OperationStatus ProtectRtcp(Span<byte> buffer, int length, out int bytesWritten) =>
        Local.ProtectRtcp(buffer, length, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.ProtectRtcp(ReadOnlySpan{byte}, Span{byte}, out int)"/>
    public OperationStatus ProtectRtcp(ReadOnlySpan<byte> rtcp, Span<byte> destination, out int bytesWritten) =>
        Local.ProtectRtcp(rtcp, destination, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.UnprotectRtcp(Span{byte}, out int)"/>
    public OperationStatus UnprotectRtcp(Span<byte> packet, out int bytesWritten) =>
        Remote.UnprotectRtcp(packet, out bytesWritten);

    /// <inheritdoc cref="SrtpContext.UnprotectRtcp(ReadOnlySpan{byte}, Span{byte}, out int)"/>
    public OperationStatus UnprotectRtcp(ReadOnlySpan<byte> srtcp, Span<byte> destination, out int bytesWritten) =>
        Remote.UnprotectRtcp(srtcp, destination, out bytesWritten);

    /// <summary>Disposes both contexts.</summary>
    public void Dispose()
    {
        Local.Dispose();
        Remote.Dispose();
    }
}
