using Tandem.Cli.Sessions;
using Tandem.Client.Sessions;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Tests.Sessions;

public class StatusSampleTests
{
    [Fact]
    public void Line_OneSecond_RatesFromDifferences()
    {
        var previous = new StatusSample(100, 1_000_000, 10_000, 20_000);
        var current = new StatusSample(130, 1_187_500, 13_000, 23_000);

        var line = StatusSample.Line(SessionState.Connected, previous, current, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1.25));

        Assert.Equal("status: connected  video 30.0 fps 1500 kbit/s  audio 24 kbit/s out 24 kbit/s in  rtt 1.3 ms", line);
    }

    [Fact]
    public void Line_AudioFramesDroppedAsStale_CountedInTheInterval()
    {
        var previous = new StatusSample(100, 1_000_000, 10_000, 20_000, AudioFramesStale: 4);
        var current = new StatusSample(130, 1_187_500, 13_000, 23_000, AudioFramesStale: 7);

        var line = StatusSample.Line(SessionState.Connected, previous, current, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1.25));

        Assert.Equal("status: connected  video 30.0 fps 1500 kbit/s  audio 24 kbit/s out 24 kbit/s in  rtt 1.3 ms  audio 3 stale", line);
    }

    [Fact]
    public void Line_BandwidthAfterFeedback_TargetAndQueue()
    {
        var previous = new StatusSample(100, 1_000_000, 10_000, 20_000);
        var current = new StatusSample(130, 1_187_500, 13_000, 23_000);
        var bandwidth = new RtcBandwidthStats(912_400, 900_000, 850_000, 0, TimeSpan.FromMilliseconds(37.4), BandwidthUsage.Normal, null, 12, 0);

        var line = StatusSample.Line(SessionState.Connected, previous, current, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1.25), bandwidth);

        Assert.Equal("status: connected  video 30.0 fps 1500 kbit/s  audio 24 kbit/s out 24 kbit/s in  rtt 1.3 ms  target 912 kbit/s queue 37 ms", line);
    }

    [Fact]
    public void Line_BandwidthBeforeAnyFeedback_Omitted()
    {
        var bandwidth = new RtcBandwidthStats(1_500_000, null, null, 0, TimeSpan.Zero, BandwidthUsage.Normal, null, 0, 0);

        var line = StatusSample.Line(SessionState.Connected, default, default, TimeSpan.FromSeconds(1), null, bandwidth);

        Assert.Equal("status: connected  video 0.0 fps 0 kbit/s  audio 0 kbit/s out 0 kbit/s in  rtt - ms", line);
    }

    [Fact]
    public void Line_NoRtt_Dash()
    {
        var line = StatusSample.Line(SessionState.Waiting, default, default, TimeSpan.FromSeconds(1), null);

        Assert.Equal("status: waiting  video 0.0 fps 0 kbit/s  audio 0 kbit/s out 0 kbit/s in  rtt - ms", line);
    }
}
