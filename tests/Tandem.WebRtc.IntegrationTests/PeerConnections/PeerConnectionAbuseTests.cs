extern alias TandemMedia;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using TandemMedia::Tandem.Media.Audio;
using TandemMedia::Tandem.Media.Opus;
using Tandem.Testing;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// A live call (video, audio both ways, a data channel) under a storm of forged datagrams aimed at both
/// peers' media ports: from the peer's own address and port (spoofed with a raw socket) and from another
/// socket. Nothing forged may cost a frame, the data channel, or a state change (issue 13: the call keeps
/// its frames and its data channel; one spoofed DTLS record used to end the data channel for good).
/// </summary>
public sealed class PeerConnectionAbuseTests : IClassFixture<PeerConnectionMediaCombinationTests.ShortVideo>
{
    private const int StormRounds = 2;
    private static readonly TimeSpan StormLength = TimeSpan.FromSeconds(3);
    private readonly PeerConnectionMediaCombinationTests.ShortVideo _video;

    public PeerConnectionAbuseTests(PeerConnectionMediaCombinationTests.ShortVideo video) => _video = video;

    [Fact]
    public async Task LiveCall_ForgedDatagramsAtBothPeers_FramesDataChannelAndStatesUnharmed()
    {
        TestNetwork.RequireTestNamespace();
        using var spoofer = SpoofingUdpSender.Open();
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var directory = MediaFiles.NewDirectory();
        try
        {
            await using var peers = new LoopbackPeers(LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.Device), LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.App));
            using var atApp = new MediaRecorder(peers.Answerer, directory, "app");
            using var atDevice = new MediaRecorder(peers.Offerer, directory, "device");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            var channel = peers.Offerer.CreateDataChannel("tandem");
            var echoes = LoopbackPeers.Collect(channel);
            peers.Answerer.DataChannel += c => c.MessageReceived += m => c.Send("echo: " + m.Text);
            peers.Negotiate();
            await LoopbackPeers.WaitOpenAsync(channel);
            await started.WaitAsync(LoopbackPeers.Timeout);
            var changes = WatchStates(peers.Offerer, peers.Answerer);
            var targets = new[] { await TargetOfAsync(peers.Answerer), await TargetOfAsync(peers.Offerer) };

            using var stop = new CancellationTokenSource();
            var deviceMedia = PumpMediaAsync(peers.Offerer, _video.AccessUnits, stop.Token);
            var appAudio = PumpMediaAsync(peers.Answerer, null, stop.Token);
            await atApp.WaitUntilAsync(r => r.Frames >= 10, LoopbackPeers.Timeout);
            var before = (App: peers.Answerer.GetStats(), Device: peers.Offerer.GetStats(), KernelDrops: KernelUdpReceiveDrops());

            var forged = await StormAsync(spoofer, stranger, targets, new Random(13));

            await Task.Delay(500);
            await stop.CancelAsync();
            var sentByDevice = await deviceMedia;
            var sentByApp = await appAudio;
            await atApp.WaitUntilAsync(r => r.Frames >= sentByDevice.Video && r.AudioPackets >= sentByDevice.Audio, TimeSpan.FromSeconds(3));
            await atDevice.WaitUntilAsync(r => r.AudioPackets >= sentByApp.Audio, TimeSpan.FromSeconds(3));
            Assert.Empty(changes);
            channel.Send("after the storm");
            var echo = await echoes.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
            var after = (App: peers.Answerer.GetStats(), Device: peers.Offerer.GetStats(), KernelDrops: KernelUdpReceiveDrops());

            // Every frame and audio packet sent during the storm arrived (video losses would be NACKed
            // back; the kernel dropped no datagram of ours unless it says so), and the channel still echoes.
            var kernelDrops = after.KernelDrops - before.KernelDrops;
            Assert.Equal(sentByDevice.Video, atApp.Frames);
            Assert.Equal(0, atApp.DamagedFrames);
            Assert.True(atApp.AudioPackets >= sentByDevice.Audio - kernelDrops, $"app: {atApp.AudioPackets} of {sentByDevice.Audio} audio packets, kernel dropped {kernelDrops}");
            Assert.True(atDevice.AudioPackets >= sentByApp.Audio - kernelDrops, $"device: {atDevice.AudioPackets} of {sentByApp.Audio} audio packets");
            Assert.Equal("echo: after the storm", echo.Text);
            Assert.Empty(changes);
            foreach (var peer in new[] { peers.Offerer, peers.Answerer })
            {
                Assert.Equal(RtcPeerConnectionState.Connected, peer.ConnectionState);
                Assert.Equal(DtlsState.Connected, peer.DtlsTransport!.State);
            }

            // Each layer counted what it dropped: forged DTLS records (from the spoofed tuple) at DTLS,
            // forged SRTP/SRTCP at the media session, the stranger's datagrams and unknown first bytes at ICE.
            foreach (var (name, was, now) in new[] { ("app", before.App, after.App), ("device", before.Device, after.Device) })
            {
                var dtls = forged.SpoofedDtlsPerTarget - (now.Dtls!.Role == DtlsRole.Server ? forged.Epoch0HandshakePerTarget : 0);
                Assert.True(now.Dtls.DatagramsDropped - was.Dtls!.DatagramsDropped >= dtls - kernelDrops,
                    $"{name}: DTLS dropped {now.Dtls.DatagramsDropped - was.Dtls.DatagramsDropped} of {dtls} forged records");
                Assert.True(now.Media!.DroppedDatagrams - was.Media!.DroppedDatagrams >= forged.SpoofedRtpPerTarget - kernelDrops,
                    $"{name}: media dropped {now.Media.DroppedDatagrams - was.Media.DroppedDatagrams} of {forged.SpoofedRtpPerTarget} forged RTP/RTCP");
                Assert.True(now.Ice!.PacketsDropped - was.Ice!.PacketsDropped >= forged.StrangerNonStunPerTarget - kernelDrops,
                    $"{name}: ICE dropped {now.Ice.PacketsDropped - was.Ice.PacketsDropped} of {forged.StrangerNonStunPerTarget} from a stranger");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The forged datagrams for one peer: the spoofed ones carry its partner's address and port.</summary>
    private static List<byte[]> ForgedFor(Target target, Random random) =>
    [
        .. SpoofedDatagrams.DtlsRecords(random),
        .. SpoofedDatagrams.SctpInFakeDtls(random),
        .. SpoofedDatagrams.Stun(random, target.StunUsername),
        .. SpoofedDatagrams.RtpAndRtcp(random, target.Ssrcs),
        .. SpoofedDatagrams.Rfc7983Ranges(random),
    ];

    /// <summary>
    /// Sends every forged datagram <see cref="StormRounds"/> times to each target, from its partner's tuple and
    /// from a stranger's socket, spread evenly over <see cref="StormLength"/> in bursts of 16.
    /// </summary>
    private static async Task<StormCounts> StormAsync(SpoofingUdpSender spoofer, Socket stranger, Target[] targets, Random random)
    {
        var sets = targets.Select(t => ForgedFor(t, random)).ToArray();
        var total = StormRounds * sets[0].Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            for (var t = 0; t < targets.Length; t++)
            {
                var datagram = sets[t][i % sets[t].Count];
                spoofer.Send(targets[t].Partner, targets[t].Local, datagram);
                stranger.SendTo(datagram, targets[t].Local);
            }

            var due = StormLength * ((i + 1) / (double)total) - clock.Elapsed;
            if (i % 16 == 15 && due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }

        var set = sets[0];
        return new StormCounts(
            StormRounds * set.Count(d => d[0] is >= 20 and <= 63),
            StormRounds * set.Count(IsEpoch0Handshake),
            StormRounds * set.Count(d => d[0] is >= 128 and <= 191),
            StormRounds * set.Count(d => d[0] > 3));
    }

    private static bool IsEpoch0Handshake(byte[] datagram) =>
        DtlsRecordHeader.TryParse(datagram, out var header) && header.ContentType == DtlsRecordHeader.Handshake && header.Epoch == 0;

    /// <summary>The peer's end of its selected pair, its partner's end, and what a forged check and SRTP should carry.</summary>
    private static async Task<Target> TargetOfAsync(PeerConnection peer)
    {
        var ice = peer.IceAgent!;
        using var timeout = new CancellationTokenSource(LoopbackPeers.Timeout);
        while (ice.SelectedPair is null)
        {
            await Task.Delay(10, timeout.Token);
        }

        var pair = ice.SelectedPair;
        var media = peer.GetStats().Media;
        uint[] ssrcs = [.. new[] { media?.VideoReceived?.Ssrc, media?.AudioReceived?.Ssrc }.OfType<uint>().Where(s => s != 0)];
        return new Target(
            new IPEndPoint(IPAddress.Parse(pair.Local.Address), pair.Local.Port),
            new IPEndPoint(IPAddress.Parse(pair.Remote.Address), pair.Remote.Port),
            $"{ice.LocalCredentials.Ufrag}:{ice.RemoteCredentials!.Ufrag}",
            ssrcs);
    }

    /// <summary>Collects every change of connection, ICE or DTLS state away from connected.</summary>
    private static ConcurrentQueue<string> WatchStates(params PeerConnection[] peers)
    {
        var changes = new ConcurrentQueue<string>();
        foreach (var peer in peers)
        {
            peer.ConnectionStateChanged += s => changes.Enqueue("connection " + s);
            peer.IceConnectionStateChanged += s =>
            {
                if (s is not (IceConnectionState.Connected or IceConnectionState.Completed))
                {
                    changes.Enqueue("ICE " + s);
                }
            };
            peer.DtlsTransport!.StateChanged += s => changes.Enqueue("DTLS " + s);
        }

        return changes;
    }

    /// <summary>Sends video at 25 fps (the clip over and over) and Opus every 20 ms until cancelled; returns how many sends were accepted.</summary>
    private static async Task<(int Video, int Audio)> PumpMediaAsync(PeerConnection peer, IReadOnlyList<byte[]>? accessUnits, CancellationToken stop)
    {
        using var encoder = new OpusEncoder();
        var tone = new ToneGenerator(16_000, 440, 0.4);
        var pcm = new short[MediaSource.AudioFrameSamples];
        var packet = new byte[OpusEncoder.MaxPacketSize];
        var (video, audio) = (0, 0);
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            if (accessUnits is not null && step % 2 == 0 && await peer.SendVideoAsync(accessUnits[step / 2 % accessUnits.Count], (uint)(step / 2 * 3600)))
            {
                video++;
            }

            tone.Fill(pcm);
            var length = encoder.Encode(pcm, packet);
            if (await peer.SendAudioAsync(packet.AsMemory(0, length), (uint)(step * 960)))
            {
                audio++;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return (video, audio);
    }

    /// <summary>UDP datagrams the kernel of this namespace dropped for want of receive buffer (RcvbufErrors in /proc/net/snmp).</summary>
    private static long KernelUdpReceiveDrops()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(values[Array.IndexOf(names, "RcvbufErrors")], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed record Target(IPEndPoint Local, IPEndPoint Partner, string StunUsername, IReadOnlyList<uint> Ssrcs);

    /// <param name="SpoofedDtlsPerTarget">Forged DTLS-range datagrams each target got from its partner's tuple.</param>
    /// <param name="Epoch0HandshakePerTarget">Of those, plaintext handshake records, which a DTLS server hands to BouncyCastle (RFC 6347 §4.2.4).</param>
    /// <param name="SpoofedRtpPerTarget">Forged RTP/RTCP-range datagrams each target got from its partner's tuple.</param>
    /// <param name="StrangerNonStunPerTarget">Non-STUN datagrams each target got from the stranger's socket.</param>
    private sealed record StormCounts(int SpoofedDtlsPerTarget, int Epoch0HandshakePerTarget, int SpoofedRtpPerTarget, int StrangerNonStunPerTarget);
}
