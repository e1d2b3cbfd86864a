using Microsoft.Extensions.Time.Testing;
using Tandem.Common.Time;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpSendStatisticsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CreateSenderInfo_AfterPackets_CarriesCounts()
    {
        var stats = new RtpSendStatistics(5, _time);
        stats.OnPacketSent(1000);
        stats.OnPacketSent(200);

        var info = stats.CreateSenderInfo(123, 456);

        Assert.Equal(new RtcpSenderInfo(123, 456, 2, 1200), info);
    }

    [Fact]
    public void OnReportBlock_EchoOfOurSenderReport_MeasuresRtt()
    {
        var sender = new RtpSendStatistics(5, _time);
        var receiver = new RtpReceiveStatistics(5, 90000, _time);
        receiver.OnPacket(1, 0);

        // SR leaves at T, arrives 30 ms later; the receiver answers 200 ms after that, which takes 30 ms.
        var sr = sender.CreateSenderInfo(NtpTime.FromDateTime(_time.GetUtcNow()), 0);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        receiver.OnSenderReport(sr.NtpTimestamp);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(receiver.TryCreateReportBlock(out var block));
        _time.Advance(TimeSpan.FromMilliseconds(30));

        Assert.True(sender.OnReportBlock(block));
        Assert.NotNull(sender.RoundTripTime);
        Assert.InRange(sender.RoundTripTime.Value.TotalMilliseconds, 59.9, 60.1);
        Assert.Equal(block, sender.LastReport);
    }

    [Fact]
    public void OnReportBlock_OtherSsrc_Ignored()
    {
        var sender = new RtpSendStatistics(5, _time);

        Assert.False(sender.OnReportBlock(new RtcpReportBlock(6, 0, 0, 0, 0, 1, 0)));
        Assert.Null(sender.LastReport);
        Assert.Null(sender.RoundTripTime);
    }
}
