using System.Security.Cryptography;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Tests.Dtls;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// Two endpoints over an in-memory pipe, each with a demux and an <see cref="RtpMediaSession"/> on
/// its RTP sub-transport: A is the DTLS client (and, in these tests, the media sender), B the server.
/// </summary>
internal sealed class MediaPeerPair : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private MediaPeerPair(DatagramPipeEnd endA, DatagramPipeEnd endB, DatagramDemux demuxA, DatagramDemux demuxB)
    {
        EndA = endA;
        EndB = endB;
        DemuxA = demuxA;
        DemuxB = demuxB;
    }

    public DatagramPipeEnd EndA { get; }

    public DatagramPipeEnd EndB { get; }

    public DatagramDemux DemuxA { get; }

    public DatagramDemux DemuxB { get; }

    public DtlsTransport? DtlsA { get; private set; }

    public DtlsTransport? DtlsB { get; private set; }

    public RtpMediaSession A { get; private set; } = null!;

    public RtpMediaSession B { get; private set; } = null!;

    /// <summary>DTLS handshake over the demux, then SRTP keyed from it.</summary>
    public static async Task<MediaPeerPair> ConnectWithDtlsAsync(RtpMediaSessionOptions? options = null)
    {
        var pair = Create();
        pair.DtlsA = new DtlsTransport(pair.DemuxA.Dtls, DtlsRole.Client, DtlsTestPair.ClientCertificate, DtlsTestPair.FastOptions);
        pair.DtlsB = new DtlsTransport(pair.DemuxB.Dtls, DtlsRole.Server, DtlsTestPair.ServerCertificate, DtlsTestPair.FastOptions);
        await Task.WhenAll(
            pair.DtlsA.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint),
            pair.DtlsB.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint)).WaitAsync(Guard);
        pair.A = new RtpMediaSession(pair.DemuxA.Rtp, DtlsSrtpKeying.CreateSrtpSession(pair.DtlsA), options);
        pair.B = new RtpMediaSession(pair.DemuxB.Rtp, DtlsSrtpKeying.CreateSrtpSession(pair.DtlsB), options);
        return pair;
    }

    /// <summary>SRTP keyed from random material, as DTLS would export it, without the handshake.</summary>
    public static MediaPeerPair ConnectWithKeys(SrtpProfile profile, RtpMediaSessionOptions? options = null)
    {
        var pair = Create();
        var material = RandomNumberGenerator.GetBytes(profile.KeyingMaterialLength());
        pair.A = new RtpMediaSession(pair.DemuxA.Rtp, SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: true), options);
        pair.B = new RtpMediaSession(pair.DemuxB.Rtp, SrtpSession.FromDtlsKeyingMaterial(profile, material, isDtlsClient: false), options);
        return pair;
    }

    /// <summary>RFC 5761 §4 / RFC 7983: an SRTP (not SRTCP) datagram.</summary>
    public static bool IsRtp(ReadOnlyMemory<byte> datagram) =>
        datagram.Length >= 2 && DatagramDemux.Classify(datagram.Span[0]) == DatagramKind.Rtp && !SrtpSession.IsRtcp(datagram.Span);

    public async ValueTask DisposeAsync()
    {
        A.Dispose();
        B.Dispose();
        if (DtlsA is not null)
        {
            await DtlsA.DisposeAsync();
        }

        if (DtlsB is not null)
        {
            await DtlsB.DisposeAsync();
        }

        DemuxA.Dispose();
        DemuxB.Dispose();
        EndA.Close();
        EndB.Close();
    }

    private static MediaPeerPair Create()
    {
        var (a, b) = DatagramPipe.CreatePair();
        return new MediaPeerPair(a, b, new DatagramDemux(a), new DatagramDemux(b));
    }
}
