using System.Text;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;
using BrowserSdp = Tandem.WebRtc.IntegrationTests.Browser.Sdp;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Every non-empty <see cref="RtcFeatures"/> combination, offered by our device and by Chromium as
/// the app page offers (video recvonly, audio sendrecv, data channel): it connects, and exactly the
/// negotiated parts flow — H.264 to Chromium, Opus both ways, data channel messages both ways.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumFeatureMatrixTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan MediaTime = TimeSpan.FromSeconds(1);

    public static TheoryData<bool, bool, bool, bool> Combinations()
    {
        var data = new TheoryData<bool, bool, bool, bool>();
        foreach (var ourOffer in new[] { true, false })
        {
            for (var mask = 1; mask < 8; mask++)
            {
                data.Add((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, ourOffer);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Combination_EitherSideOffers_ConnectsAndExactlyTheNegotiatedPartsFlow(bool dataChannel, bool audio, bool video, bool ourOffer)
    {
        var features = new RtcFeatures { DataChannel = dataChannel, Audio = audio, Video = video };
        var time = new MediaTimebase();
        await using var session = await ChromiumMediaSession.OpenAsync(chromium, ChromiumMediaSession.DeviceOptions(chromium, features, time));
        using var mic = new OpusLevelMeter(session.Ours);
        var ours = dataChannel && ourOffer ? session.Ours.CreateDataChannel("device") : null;

        if (ourOffer)
        {
            await session.OfferFromUsAsync(micBack: audio);
        }
        else
        {
            await session.OfferFromChromiumAsync(features);
        }

        await session.Browser.WaitForConnectionStateAsync("connected");
        var remote = await session.Browser.GetRemoteDescriptionAsync();
        var kinds = BrowserSdp.MediaSections(remote.Sdp).Select(BrowserSdp.Kind).ToList();
        output.WriteLine($"{(ourOffer ? "our" : "Chromium's")} offer; sections Chromium got: {string.Join(", ", kinds)}; negotiated {session.Ours.NegotiatedMedia}");
        if (audio || video)
        {
            await session.WaitForMediaAsync();
        }

        // Both sources run whatever was negotiated: what was not must be refused, not sent.
        var pump = new DeviceMediaPump(session.Ours, time, new TestCamera(await MediaClips.Camera), new ToneAudio(DeviceMediaPump.SampleRate));
        await pump.RunAsync(MediaTime);
        if (dataChannel)
        {
            await ExchangeMessageAsync(session, ours);
        }

        var stats = await session.Browser.GetStatsAsync();
        output.WriteLine($"{ChromiumInboundVideo.From(stats)}\n{ChromiumInboundAudio.From(stats)}\nour side decoded {mic.Levels.Count} audio packets");

        Assert.Equal(new[] { video ? "video" : null, audio ? "audio" : null, dataChannel ? "application" : null }.OfType<string>().Order(), kinds.Order());
        Assert.Equal(new RtcNegotiatedMedia(video, false, audio, audio, dataChannel), session.Ours.NegotiatedMedia);
        Assert.All(pump.Frames, f => Assert.Equal(video, f.Accepted));
        Assert.Equal(audio ? pump.AudioPacketsSent : 0, pump.AudioPacketsAccepted);
        if (video)
        {
            Assert.True(ChromiumInboundVideo.From(stats).FramesDecoded > 0);
        }
        else
        {
            Assert.Null(stats.Inbound("video"));
        }

        if (audio)
        {
            Assert.True(ChromiumInboundAudio.From(stats).PacketsReceived > 0);
            Assert.NotEmpty(mic.Levels);
        }
        else
        {
            Assert.Null(stats.Inbound("audio"));
            Assert.Empty(mic.Levels);
        }

        Assert.Equal(dataChannel, stats.OfType("data-channel").Any());
    }

    /// <summary>One text message each way on the channel the offerer opened.</summary>
    private static async Task ExchangeMessageAsync(ChromiumMediaSession session, RtcDataChannel? ours)
    {
        RtcDataChannel channel;
        string label;
        if (ours is not null)
        {
            (channel, label) = (ours, ours.Label);
            await session.Browser.WaitForChannelStateAsync(label, "open");
        }
        else
        {
            channel = await session.Incoming.Reader.ReadAsync().AsTask().WaitAsync(ChromiumMediaSession.Timeout);
            label = channel.Label;
        }

        var back = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReceived += m => back.TrySetResult(Encoding.UTF8.GetString(m.Data));
        await WaitOpenAsync(channel);
        channel.Send("0:from the device");
        var atBrowser = await session.Browser.WaitForMessagesAsync(label, 1);
        await session.Browser.SendTextAsync(label, "0:from the app");

        Assert.Equal(1, atBrowser.Count);
        Assert.Equal("0:from the app", await back.Task.WaitAsync(ChromiumMediaSession.Timeout));
    }

    private static Task WaitOpenAsync(RtcDataChannel channel)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        return open.Task.WaitAsync(ChromiumMediaSession.Timeout);
    }
}
