using Microsoft.Extensions.Logging;
using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Tests.Ice;

namespace Tandem.WebRtc.Tests.PeerConnections;

/// <summary>A subscriber of a connection's event that throws is logged through <see cref="PeerConnectionOptions.Logger"/>, with the event's name.</summary>
public sealed class PeerConnectionSubscriberFaultTests
{
    [Fact]
    public void Close_SignalingSubscriberThrows_OneErrorNamingTheEventAndLaterSubscribersStillCalled()
    {
        var logger = new ListLogger();
        var pc = new PeerConnection(new PeerConnectionOptions { Logger = logger });
        var signaling = new List<RtcSignalingState>();
        var connection = new List<RtcPeerConnectionState>();
        pc.SignalingStateChanged += _ => throw new InvalidOperationException("subscriber bug");
        pc.SignalingStateChanged += signaling.Add;
        pc.ConnectionStateChanged += connection.Add;

        pc.Close();

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("PeerConnection.SignalingStateChanged", entry.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(entry.Exception);
        Assert.Equal([RtcSignalingState.Closed], signaling);
        Assert.Equal([RtcPeerConnectionState.Closed], connection);
    }
}
