using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Tests.Sctp;

namespace Tandem.WebRtc.Tests.DataChannels;

/// <summary>
/// RFC 8832 §6: on a channel we opened, the peer may send user data before (or instead of) its
/// DATA_CHANNEL_ACK; "the DATA_CHANNEL_ACK message or any other message" received on the stream
/// acknowledges the open. Our side is a real manager; the peer is a scripted SCTP/DCEP endpoint (issue 12).
/// </summary>
public sealed class DataChannelImplicitAckTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UserMessageBeforeAck_ChannelOpensBeforeDeliveryAndReplyFromHandlerIsSent(bool ackFollows)
    {
        using var net = new SctpTestNetwork();
        using var ours = new DataChannelManager(net.A, isDtlsClient: true);
        var atPeer = ScriptPeer(net.B, firstText: "hello", ackFollows);
        var channel = ours.CreateDataChannel("tandem");
        var events = new List<string>();
        channel.Opened += () => events.Add("opened " + channel.ReadyState);
        channel.MessageReceived += m =>
        {
            events.Add("message " + m.Text);
            channel.Send("echo: " + m.Text);
        };

        net.Connect();
        net.RunUntil(() => atPeer.Count > 0, TimeSpan.FromSeconds(2));

        Assert.Equal(["opened Open", "message hello"], events);
        Assert.Equal(RtcDataChannelState.Open, channel.ReadyState);
        var echo = Assert.Single(atPeer);
        Assert.Equal(DataChannelPpid.String, echo.Ppid);
        Assert.Equal("echo: hello"u8.ToArray(), echo.Data);
    }

    [Fact]
    public void UserMessageBeforeAck_LaterAck_RaisesOpenedOnce()
    {
        using var net = new SctpTestNetwork();
        using var ours = new DataChannelManager(net.A, isDtlsClient: true);
        ScriptPeer(net.B, firstText: "hi", ackFollows: true);
        var channel = ours.CreateDataChannel("once");
        var opened = 0;
        var messages = 0;
        channel.Opened += () => opened++;
        channel.MessageReceived += _ => messages++;

        net.Connect();
        net.RunUntil(() => messages == 1, TimeSpan.FromSeconds(2));
        net.Pump();

        Assert.Equal(1, opened);
        Assert.Equal(1, messages);
    }

    /// <summary>
    /// The peer: answers DATA_CHANNEL_OPEN with a user message on the same stream, then (maybe) the ACK;
    /// both ordered, so the message arrives first. Returns the user messages it receives.
    /// </summary>
    private static List<SctpMessage> ScriptPeer(SctpAssociation peer, string firstText, bool ackFollows)
    {
        var received = new List<SctpMessage>();
        peer.MessageReceived += m =>
        {
            if (m.Ppid == DataChannelPpid.Dcep && m.Data is [0x03, ..])
            {
                peer.Send(m.StreamId, DataChannelPpid.String, System.Text.Encoding.UTF8.GetBytes(firstText));
                if (ackFollows)
                {
                    peer.Send(m.StreamId, DataChannelPpid.Dcep, [DcepOpenMessage.AckMessageType]);
                }
            }
            else if (m.Ppid != DataChannelPpid.Dcep)
            {
                received.Add(m);
            }
        };
        return received;
    }
}
