using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Our <see cref="PeerConnection"/> against Chromium's RTCPeerConnection, as offerer and as answerer.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ChromiumPeerConnectionTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly int[] MessageSizes = [1, 1024, 64 * 1024, 256 * 1024];

    [Fact]
    public async Task OurOffer_ChannelsFromEitherSide_OpenAndCarryEverySizeBothWays()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        var ours = session.Ours.CreateDataChannel("ours");

        await session.OfferFromUsAsync();
        await session.Browser.WaitForChannelStateAsync("ours", "open");
        await session.Browser.CreateDataChannelAsync("theirs");
        var theirs = await session.NextIncomingAsync();
        var browserState = await session.Browser.WaitForConnectionStateAsync("connected");
        var ourState = await LoopbackPeers.WaitForStateAsync(session.Ours, RtcPeerConnectionState.Connected);

        Assert.Equal("connected", browserState.ConnectionState);
        Assert.Equal(RtcPeerConnectionState.Connected, ourState);
        Assert.Equal(DtlsRole.Server, session.Ours.DtlsRole);
        Assert.Equal("theirs", theirs.Label);
        Assert.Equal(1, ours.Id % 2);
        Assert.Equal(0, theirs.Id % 2);
        await ExchangeEverySizeAsync(session, ours);
        WriteSetupSteps(session.Ours.GetStats());
    }

    [Fact]
    public async Task ChromiumOffer_ChannelsFromEitherSide_OpenAndCarryEverySizeBothWays()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        await session.Browser.CreateDataChannelAsync("theirs");

        await session.OfferFromChromiumAsync();
        var theirs = await session.NextIncomingAsync();
        var ours = session.Ours.CreateDataChannel("ours");
        await LoopbackPeers.WaitOpenAsync(ours);
        var atBrowser = await session.Browser.WaitForChannelStateAsync("ours", "open");
        await session.Browser.WaitForConnectionStateAsync("connected");

        Assert.Equal(DtlsRole.Client, session.Ours.DtlsRole);
        Assert.Equal("theirs", theirs.Label);
        Assert.Equal(ours.Id, atBrowser.Id);
        Assert.Equal(0, ours.Id % 2);
        Assert.Equal(1, theirs.Id % 2);
        await ExchangeEverySizeAsync(session, ours);
        WriteSetupSteps(session.Ours.GetStats());
    }

    [Fact]
    public async Task OrderedChannel_TenThousandMessages_ArriveInOrderBothWays()
    {
        const int Count = 10_000;
        await using var session = await ChromiumSession.OpenAsync(chromium);
        var ours = session.Ours.CreateDataChannel("ordered");
        var received = LoopbackPeers.Collect(ours);
        await session.OfferFromUsAsync();
        await LoopbackPeers.WaitOpenAsync(ours);
        await session.Browser.WaitForChannelStateAsync("ordered", "open");

        for (var i = 0; i < Count; i++)
        {
            ours.Send(Numbered(i, 64));
        }

        var atBrowser = await session.Browser.WaitForMessagesAsync("ordered", Count, TimeSpan.FromSeconds(60));
        await session.Browser.SendNumberedAsync("ordered", Count, 64, binary: true, TimeSpan.FromSeconds(60));
        var outOfOrder = 0;
        for (var i = 0; i < Count; i++)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
            if (BinaryPrimitives.ReadUInt32BigEndian(message.Data) != i || !message.Data.AsSpan().SequenceEqual(Numbered(i, 64)))
            {
                outOfOrder++;
            }
        }

        Assert.Equal(Count, atBrowser.Numbered);
        Assert.Equal(0, atBrowser.SequenceBreaks);
        Assert.Equal(0, atBrowser.PatternErrors);
        Assert.Equal(0, outOfOrder);
    }

    [Fact]
    public async Task UnorderedNoRetransmitChannel_FromChromium_CarriesMessagesBothWays()
    {
        const int Count = 200;
        await using var session = await ChromiumSession.OpenAsync(chromium);
        await session.Browser.CreateDataChannelAsync("lossy", new DataChannelInit(Ordered: false, MaxRetransmits: 0));
        await session.OfferFromChromiumAsync();
        var lossy = await session.NextIncomingAsync();
        var received = LoopbackPeers.Collect(lossy);
        // Our side announces the channel when Chromium's DCEP OPEN arrives; the page's channel turns open on its own thread.
        await session.Browser.WaitForChannelStateAsync("lossy", "open");

        await session.Browser.SendNumberedAsync("lossy", Count, 100);
        for (var i = 0; i < Count; i++)
        {
            lossy.Send(Numbered(i, 100));
        }

        var atBrowser = await session.Browser.WaitForMessagesAsync("lossy", Count);
        var seen = new HashSet<uint>();
        for (var i = 0; i < Count; i++)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
            seen.Add(BinaryPrimitives.ReadUInt32BigEndian(message.Data));
        }

        Assert.False(lossy.Ordered);
        Assert.Equal((ushort)0, lossy.MaxRetransmits);
        Assert.Equal(Count, seen.Count);
        Assert.Equal(Count, atBrowser.Numbered);
        Assert.Equal(0, atBrowser.PatternErrors);
    }

    [Fact]
    public async Task CloseChannel_EitherSide_OtherSideSeesItClosed()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        var ours = session.Ours.CreateDataChannel("ours");
        await session.OfferFromUsAsync();
        await session.Browser.WaitForChannelStateAsync("ours", "open");
        await session.Browser.CreateDataChannelAsync("theirs");
        var theirs = await session.NextIncomingAsync();
        var theirsClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        theirs.Closed += () => theirsClosed.TrySetResult();

        ours.Close();
        var atBrowser = await session.Browser.WaitForChannelStateAsync("ours", "closed");
        await session.Browser.CloseChannelAsync("theirs");
        await theirsClosed.Task.WaitAsync(LoopbackPeers.Timeout);

        Assert.Equal("closed", atBrowser.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, theirs.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, ours.ReadyState);
    }

    [Fact]
    public async Task Close_OurPeerConnection_ChromiumSeesChannelClosed()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        var ours = session.Ours.CreateDataChannel("ours");
        await session.OfferFromUsAsync();
        await session.Browser.WaitForChannelStateAsync("ours", "open");
        var channelClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ours.Closed += () => channelClosed.TrySetResult();

        session.Ours.Close();
        var atBrowser = await session.Browser.WaitForChannelStateAsync("ours", "closed");
        await channelClosed.Task.WaitAsync(LoopbackPeers.Timeout);

        Assert.Equal("closed", atBrowser.ReadyState);
        Assert.Equal(RtcPeerConnectionState.Closed, session.Ours.ConnectionState);
        Assert.Equal(RtcDataChannelState.Closed, ours.ReadyState);
    }

    [Fact]
    public async Task ChromiumOfferWithAudioAndVideo_TaggedAudioInactiveVideoRejectedDataChannelWorks()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        await session.Browser.AddTransceiverAsync("audio");
        await session.Browser.AddTransceiverAsync("video");
        await session.Browser.CreateDataChannelAsync("data");

        await session.OfferFromChromiumAsync();
        var data = await session.NextIncomingAsync();
        var received = LoopbackPeers.Collect(data);
        await session.Browser.WaitForChannelStateAsync("data", "open");
        await session.Browser.SendTextAsync("data", "after media rejected");
        var message = await received.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        var answer = session.Ours.LocalDescription!.Sdp;

        // Audio (mid 0) is the offerer-tagged section of Chromium's BUNDLE group: it stays in the group as
        // inactive rather than rejected (RFC 8843 §7.3.3); video is rejected.
        Assert.Equal("after media rejected", message.Text);
        var audio = answer[answer.IndexOf("m=audio ", StringComparison.Ordinal)..answer.IndexOf("m=video ", StringComparison.Ordinal)];
        Assert.DoesNotContain("m=audio 0 ", audio, StringComparison.Ordinal);
        Assert.Contains("a=inactive\r\n", audio, StringComparison.Ordinal);
        Assert.Contains("m=video 0 ", answer, StringComparison.Ordinal);
        Assert.Contains("a=group:BUNDLE 0 2\r\n", answer, StringComparison.Ordinal);
        Assert.Equal("connected", (await session.Browser.WaitForConnectionStateAsync("connected")).ConnectionState);
    }

    [Fact]
    public async Task ChromiumAnswerWithWrongFingerprint_OurConnectionFails()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        session.Ours.CreateDataChannel("never");
        var other = DtlsCertificate.Generate("not chromium").Fingerprint;

        await session.OfferFromUsAsync(sdp => FingerprintLine().Replace(sdp, "a=fingerprint:" + other));
        var state = await LoopbackPeers.WaitForStateAsync(session.Ours, RtcPeerConnectionState.Connected);

        Assert.Equal(RtcPeerConnectionState.Failed, state);
        Assert.Contains("DTLS", session.Ours.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChromiumOfferWithWrongFingerprint_OurConnectionFails()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        await session.Browser.CreateDataChannelAsync("never");
        var other = DtlsCertificate.Generate("not chromium").Fingerprint;

        await session.OfferFromChromiumAsync(sdp => FingerprintLine().Replace(sdp, "a=fingerprint:" + other));
        var state = await LoopbackPeers.WaitForStateAsync(session.Ours, RtcPeerConnectionState.Connected);

        Assert.Equal(RtcPeerConnectionState.Failed, state);
        Assert.Equal(DtlsRole.Client, session.Ours.DtlsRole);
        Assert.Contains("DTLS", session.Ours.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartIce_OurReoffer_ChromiumFollowsAndDataKeepsFlowing()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        var ours = session.Ours.CreateDataChannel("steady");
        await session.OfferFromUsAsync();
        await LoopbackPeers.WaitOpenAsync(ours);
        await LoopbackPeers.WaitForStateAsync(session.Ours, RtcPeerConnectionState.Connected);
        var firstRemoteUfrag = session.Ours.IceAgent!.RemoteCredentials!.Ufrag;
        var reselected = PeerConnectionRestartTests.NextSelection(session.Ours.IceAgent!);

        session.Ours.RestartIce();
        await session.OfferFromUsAsync();
        await WaitOrExplainAsync(reselected, session);
        ours.Send("after our restart");
        await session.Browser.WaitForMessagesAsync("steady", 1);
        var atBrowser = await session.Browser.GetReceivedAsync("steady", 1);
        var browserState = await session.Browser.GetStateAsync();

        Assert.NotEqual(firstRemoteUfrag, session.Ours.IceAgent!.RemoteCredentials!.Ufrag);
        Assert.Equal("after our restart", atBrowser.Last[0].Data);
        Assert.Equal("connected", browserState.ConnectionState);
    }

    private async Task WaitOrExplainAsync(Task task, ChromiumSession session)
    {
        try
        {
            await task.WaitAsync(LoopbackPeers.Timeout);
        }
        catch (TimeoutException)
        {
            var ice = session.Ours.IceAgent!;
            output.WriteLine(session.Diagnostics());
            output.WriteLine($"local {ice.LocalCredentials} remote {ice.RemoteCredentials} selected {ice.SelectedPair}");
            output.WriteLine("remote candidates: " + string.Join(" | ", ice.RemoteCandidates));
            output.WriteLine("pairs: " + string.Join(" | ", ice.CandidatePairs));
            output.WriteLine("browser: " + await session.Browser.GetStateAsync());
            throw;
        }
    }

    private void WriteSetupSteps(PeerConnectionStats stats)
    {
        double Since(DateTimeOffset? at) => at is { } t ? (t - stats.CreatedAt).TotalMilliseconds : double.NaN;
        output.WriteLine(
            $"setup (ms since created): gathered {Since(stats.GatheringCompletedAt):F0}, ICE {Since(stats.IceConnectedAt):F0}, " +
            $"DTLS {Since(stats.DtlsConnectedAt):F0} ({stats.Dtls?.DtlsCipher}), SCTP {Since(stats.SctpEstablishedAt):F0}, " +
            $"first channel {Since(stats.FirstDataChannelOpenAt):F0}; pair {stats.Ice?.SelectedLocalCandidate} -> {stats.Ice?.SelectedRemoteCandidate}");
    }

    private static async Task ExchangeEverySizeAsync(ChromiumSession session, RtcDataChannel ours)
    {
        var received = LoopbackPeers.Collect(ours);
        var sent = new List<(bool Binary, byte[] Bytes)>();
        foreach (var size in MessageSizes)
        {
            var binary = RandomNumberGenerator.GetBytes(size);
            var text = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", size));
            sent.Add((true, binary));
            sent.Add((false, text));
        }

        foreach (var (binary, bytes) in sent)
        {
            if (binary)
            {
                ours.Send(bytes);
            }
            else
            {
                ours.Send(Encoding.ASCII.GetString(bytes));
            }
        }

        await session.Browser.WaitForMessagesAsync(ours.Label, sent.Count);
        var atBrowser = await session.Browser.GetReceivedAsync(ours.Label, sent.Count);
        foreach (var (binary, bytes) in sent)
        {
            if (binary)
            {
                await session.Browser.SendBinaryAsync(ours.Label, bytes);
            }
            else
            {
                await session.Browser.SendTextAsync(ours.Label, Encoding.ASCII.GetString(bytes));
            }
        }

        var atUs = new List<RtcDataChannelMessage>();
        for (var i = 0; i < sent.Count; i++)
        {
            atUs.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout));
        }

        Assert.Equal(sent.Select(m => m.Binary), atBrowser.Last.Select(m => m.Binary));
        Assert.Equal(sent.Select(m => Convert.ToBase64String(m.Bytes)), atBrowser.Last.Select(m => Convert.ToBase64String(m.GetBytes())));
        Assert.Equal(sent.Select(m => m.Binary), atUs.Select(m => m.IsBinary));
        Assert.Equal(sent.Select(m => Convert.ToBase64String(m.Bytes)), atUs.Select(m => Convert.ToBase64String(m.Data)));
    }

    /// <summary>A numbered message as the test page checks it: big-endian index, then bytes (index + i) &amp; 0xff.</summary>
    private static byte[] Numbered(int index, int size)
    {
        var bytes = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)index);
        for (var i = 4; i < size; i++)
        {
            bytes[i] = (byte)((index + i) & 0xff);
        }

        return bytes;
    }

    [System.Text.RegularExpressions.GeneratedRegex("a=fingerprint:[^\r\n]+")]
    private static partial System.Text.RegularExpressions.Regex FingerprintLine();
}
