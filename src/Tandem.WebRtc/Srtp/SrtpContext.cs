using System.Buffers;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The SRTP and SRTCP cryptographic context of one direction of a session (RFC 3711 §3.2):
/// session keys derived from one master key, and per-SSRC rollover counters, SRTCP indices
/// and replay windows. Use one context to protect what is sent and another to unprotect
/// what is received (see <see cref="SrtpSession"/>).
/// </summary>
/// <remarks>
/// Not thread-safe: a context is used by one thread at a time (the sending path or the
/// receive thread), since ciphers keep scratch buffers and streams keep counters. The
/// counters of failures may be read from any thread.
/// After a stream's first packet, no method allocates.
/// </remarks>
internal sealed partial class SrtpContext : IDisposable
{
    private readonly SrtpCipher _rtpCipher;
    private readonly SrtpCipher _rtcpCipher;
    private readonly Dictionary<uint, SrtpRtpStream> _rtpStreams = [];
    private readonly Dictionary<uint, SrtcpStream> _rtcpStreams = [];
    private readonly int _replayWindowSize;
    private long _authenticationFailures;
    private long _replayedPackets;
    private long _malformedPackets;

    /// <summary>Creates a context from a master key and salt (RFC 3711 §8.2: no MKI, key_derivation_rate 0).</summary>
    /// <exception cref="ArgumentException">The profile is unsupported or a length does not match it.</exception>
    public SrtpContext(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpOptions? options = null)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (masterKey.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterSaltLength()}-byte master salt.", nameof(masterSalt));
        }

        options ??= SrtpOptions.Default;
        if (options.ReplayWindowSize is < SrtpOptions.MinReplayWindowSize or > SrtpOptions.MaxReplayWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReplayWindowSize, "Replay window size out of range.");
        }

        Profile = profile;
        _replayWindowSize = options.ReplayWindowSize;
        _rtpCipher = SrtpCipher.Create(profile, masterKey, masterSalt, rtcp: false);
        _rtcpCipher = SrtpCipher.Create(profile, masterKey, masterSalt, rtcp: true);
    }

    /// <summary>The protection profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Bytes <see cref="ProtectRtp(Span{byte}, int, out int)"/> adds to a packet.</summary>
    public int RtpOverhead => Profile.RtpOverhead();

    /// <summary>Bytes <see cref="ProtectRtcp(Span{byte}, int, out int)"/> adds to a packet.</summary>
    public int RtcpOverhead => Profile.RtcpOverhead();

    /// <summary>Packets rejected because their tag did not verify.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    /// <summary>Packets rejected as replayed or too old for the replay window.</summary>
    public long ReplayedPackets => Interlocked.Read(ref _replayedPackets);

    /// <summary>Packets rejected as too short or not RTP/RTCP version 2.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Releases the ciphers' native resources.</summary>
    public void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
    }

    private OperationStatus Malformed()
    {
        Interlocked.Increment(ref _malformedPackets);
        return OperationStatus.InvalidData;
    }

    private OperationStatus Replayed()
    {
        Interlocked.Increment(ref _replayedPackets);
        return OperationStatus.InvalidData;
    }

    private OperationStatus AuthenticationFailed()
    {
        Interlocked.Increment(ref _authenticationFailures);
        return OperationStatus.InvalidData;
    }

    private static void CheckOverlap(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (source.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("Source and destination must be the same memory or disjoint.", nameof(destination));
        }
    }
}
