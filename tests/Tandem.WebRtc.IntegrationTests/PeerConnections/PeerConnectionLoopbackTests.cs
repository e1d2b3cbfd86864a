using System.Security.Cryptography;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Our offerer against our answerer over real UDP on 127.0.0.1.</summary>
public sealed class PeerConnectionLoopbackTests
{
    [Fact]
    public async Task Negotiate_ChannelCreatedBeforeOffer_OpensAndCarriesTextAndBinaryBothWays()
    {
        await using var peers = new LoopbackPeers();
        var local = peers.Offerer.CreateDataChannel("chat");
        var localMessages = LoopbackPeers.Collect(local);

        peers.Negotiate();
        var remote = await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        var remoteMessages = LoopbackPeers.Collect(remote);
        await LoopbackPeers.WaitOpenAsync(local);
        var binary = RandomNumberGenerator.GetBytes(64 * 1024);
        local.Send("hello answerer");
        local.Send(binary);
        remote.Send("hello offerer");
        remote.Send(binary.AsSpan(0, 1000));
        var atAnswerer = new[] { await ReadAsync(remoteMessages), await ReadAsync(remoteMessages) };
        var atOfferer = new[] { await ReadAsync(localMessages), await ReadAsync(localMessages) };

        Assert.Equal("chat", remote.Label);
        Assert.Equal(local.Id, remote.Id);
        Assert.Equal(1, local.Id % 2);
        Assert.False(atAnswerer[0].IsBinary);
        Assert.Equal("hello answerer", atAnswerer[0].Text);
        Assert.True(atAnswerer[1].IsBinary);
        Assert.Equal(binary, atAnswerer[1].Data);
        Assert.Equal("hello offerer", atOfferer[0].Text);
        Assert.Equal(binary.AsSpan(0, 1000).ToArray(), atOfferer[1].Data);
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected));
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected));
        Assert.Equal(DtlsRole.Server, peers.Offerer.DtlsRole);
        Assert.Equal(DtlsRole.Client, peers.Answerer.DtlsRole);
    }

    [Fact]
    public async Task CreateDataChannel_AfterConnecting_AnswererOpensEvenIdChannel()
    {
        await using var peers = new LoopbackPeers();
        peers.Offerer.CreateDataChannel("first");
        peers.Negotiate();
        await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

        var fromAnswerer = peers.Answerer.CreateDataChannel("second", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        var atOfferer = await peers.IncomingAtOfferer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        await LoopbackPeers.WaitOpenAsync(fromAnswerer);
        var messages = LoopbackPeers.Collect(fromAnswerer);
        atOfferer.Send("unordered");

        Assert.Equal("second", atOfferer.Label);
        Assert.Equal(0, fromAnswerer.Id % 2);
        Assert.False(atOfferer.Ordered);
        Assert.Equal((ushort)0, atOfferer.MaxRetransmits);
        Assert.Equal("unordered", (await ReadAsync(messages)).Text);
    }

    [Fact]
    public async Task ConnectionState_DataSectionNegotiated_ConnectedOnlyOnceSctpIsEstablished()
    {
        await using var peers = new LoopbackPeers();
        peers.Offerer.CreateDataChannel("state");
        var sctpWhenConnected = new System.Collections.Concurrent.ConcurrentQueue<SctpAssociationState?>();
        foreach (var peer in new[] { peers.Offerer, peers.Answerer })
        {
            peer.ConnectionStateChanged += s =>
            {
                if (s == RtcPeerConnectionState.Connected)
                {
                    sctpWhenConnected.Enqueue(peer.SctpAssociation?.State);
                }
            };
        }

        peers.Negotiate();
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected));
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected));

        Assert.Equal([SctpAssociationState.Established, SctpAssociationState.Established], sctpWhenConnected);
        Assert.True(peers.Offerer.GetStats().DtlsConnectedAt <= peers.Offerer.GetStats().SctpEstablishedAt);
    }

    [Fact]
    public async Task ConnectionState_SctpAbortedBeforeEstablished_FailsWithSctpReason()
    {
        // Nothing leaves either agent until the answerer's SCTP is replaced, so no INIT can reach it first.
        var released = false;
        var options = LoopbackPeers.Loopback() with { OutgoingFilter = _ => !Volatile.Read(ref released) };
        await using var peers = new LoopbackPeers(options, options);
        peers.Offerer.CreateDataChannel("refused");
        peers.Negotiate();

        // The answerer's SCTP is gone; in its place, whatever INIT arrives over its DTLS is answered with an
        // ABORT carrying the INIT's own tag (RFC 9260 §8.5.1 B, T bit clear).
        peers.Answerer.SctpAssociation!.Dispose();
        var answererDtls = peers.Answerer.DtlsTransport!;
        answererDtls.Received += datagram =>
        {
            if (InitiateTagOfInit(datagram) is { } tag)
            {
                var abort = new byte[64];
                var builder = new SctpPacketBuilder(abort, 5000, 5000, tag);
                builder.Advance(new SctpAbortChunk([]).WriteTo(builder.Free));
                _ = answererDtls.SendAsync(abort.AsMemory(0, builder.Finish()));
            }
        };
        Volatile.Write(ref released, true);

        var state = await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected);

        Assert.Equal(RtcPeerConnectionState.Failed, state);
        Assert.StartsWith("SCTP: aborted by peer", peers.Offerer.FailureReason, StringComparison.Ordinal);
        Assert.Null(peers.Offerer.GetStats().SctpEstablishedAt);
    }

    [Fact]
    public async Task DtlsConnected_SctpIsInCookieWaitBeforeAnyRecordCanArrive()
    {
        // Nothing leaves either agent until both DTLS transports are watched, so no handshake can finish first.
        var released = false;
        var options = LoopbackPeers.Loopback() with { OutgoingFilter = _ => !Volatile.Read(ref released) };
        await using var peers = new LoopbackPeers(options, options);
        peers.Offerer.CreateDataChannel("order");
        peers.Negotiate();
        var sctpWhenDtlsConnected = new System.Collections.Concurrent.ConcurrentQueue<SctpAssociationState>();
        foreach (var peer in new[] { peers.Offerer, peers.Answerer })
        {
            // Subscribed after the peer connection's own handler, so this runs after it on the handshake thread.
            peer.DtlsTransport!.StateChanged += s =>
            {
                if (s == DtlsState.Connected)
                {
                    sctpWhenDtlsConnected.Enqueue(peer.SctpAssociation!.State);
                }
            };
        }

        Volatile.Write(ref released, true);
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected));
        Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected));

        // RFC 9260 §5.2.1: in COOKIE-WAIT the peer's INIT, whenever it comes, is answered with our own tag.
        Assert.Equal([SctpAssociationState.CookieWait, SctpAssociationState.CookieWait], sctpWhenDtlsConnected);
    }

    [Fact]
    public async Task GetStats_AfterChannelOpens_HasEveryStepAndDataStepsInOrder()
    {
        await using var peers = new LoopbackPeers();
        var channel = peers.Offerer.CreateDataChannel("stats");
        peers.Negotiate();
        await LoopbackPeers.WaitOpenAsync(channel);

        var stats = peers.Offerer.GetStats();

        Assert.NotNull(stats.GatheringCompletedAt);
        Assert.NotNull(stats.IceConnectedAt);
        Assert.NotNull(stats.DtlsConnectedAt);
        Assert.NotNull(stats.SctpEstablishedAt);
        Assert.NotNull(stats.FirstDataChannelOpenAt);
        Assert.True(stats.CreatedAt <= stats.GatheringCompletedAt);
        Assert.True(stats.CreatedAt <= stats.IceConnectedAt);
        Assert.True(stats.CreatedAt <= stats.DtlsConnectedAt);
        Assert.True(stats.DtlsConnectedAt <= stats.SctpEstablishedAt);
        Assert.True(stats.SctpEstablishedAt <= stats.FirstDataChannelOpenAt);
        Assert.Equal(1, stats.DataChannelsOpened);
        Assert.NotNull(stats.Ice);
        Assert.NotNull(stats.Dtls);
        Assert.NotNull(stats.Sctp);
    }

    [Fact]
    public async Task SetRemoteDescription_AnswerWithWrongFingerprint_ConnectionFails()
    {
        var other = DtlsCertificate.Generate("someone else").Fingerprint;
        await using var peers = new LoopbackPeers(sdp => sdp.Replace(
            DtlsCertificate.Default.Fingerprint.Value, other.Value, StringComparison.Ordinal));
        peers.Offerer.CreateDataChannel("never");

        peers.Negotiate();
        var state = await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected);

        Assert.Equal(RtcPeerConnectionState.Failed, state);
        Assert.Contains("DTLS", peers.Offerer.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_OneSide_PeersChannelCloses()
    {
        await using var peers = new LoopbackPeers();
        var local = peers.Offerer.CreateDataChannel("bye");
        peers.Negotiate();
        var remote = await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        await LoopbackPeers.WaitOpenAsync(local);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Closed += () => closed.TrySetResult();

        local.Close();
        await closed.Task.WaitAsync(LoopbackPeers.Timeout);

        Assert.Equal(RtcDataChannelState.Closed, remote.ReadyState);
    }

    [Fact]
    public async Task LocalDescription_AfterGathering_CarriesCandidatesSoPeersConnectWithoutTrickle()
    {
        var options = new PeerConnectionOptions { LocalAddresses = [System.Net.IPAddress.Loopback] };
        await using var offerer = new PeerConnection(options);
        await using var answerer = new PeerConnection(options);
        var channel = offerer.CreateDataChannel("vanilla");

        offerer.SetLocalDescription(offerer.CreateOffer());
        await GatheredAsync(offerer);
        answerer.SetRemoteDescription(offerer.LocalDescription!);
        answerer.SetLocalDescription(answerer.CreateAnswer());
        await GatheredAsync(answerer);
        offerer.SetRemoteDescription(answerer.LocalDescription!);
        await LoopbackPeers.WaitOpenAsync(channel);

        Assert.Contains("a=candidate:", offerer.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=end-of-candidates", answerer.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.Equal(RtcDataChannelState.Open, channel.ReadyState);
    }

    private static Task GatheredAsync(PeerConnection peer)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.IceGatheringStateChanged += s =>
        {
            if (s == Tandem.WebRtc.Ice.IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        if (peer.IceGatheringState == Tandem.WebRtc.Ice.IceGatheringState.Complete)
        {
            done.TrySetResult();
        }

        return done.Task.WaitAsync(LoopbackPeers.Timeout);
    }

    private static async Task<RtcDataChannelMessage> ReadAsync(System.Threading.Channels.Channel<RtcDataChannelMessage> messages) =>
        await messages.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

    /// <summary>The Initiate Tag of the INIT this SCTP packet carries, if it is one (RFC 9260 §3.3.2).</summary>
    private static uint? InitiateTagOfInit(ReadOnlySpan<byte> datagram)
    {
        if (!SctpPacket.TryParse(datagram, out var packet))
        {
            return null;
        }

        var chunks = packet.GetChunks();
        return chunks.MoveNext() && SctpInitChunk.TryParse(chunks.Current.Raw, out var init) ? init.InitiateTag : null;
    }
}
