using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpNackGeneratorTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void GetNacks_GapAcrossWrap_ListsMissingInOrder()
    {
        var generator = new RtpNackGenerator(timeProvider: _time);
        generator.OnPacket(65533);
        generator.OnPacket(1);

        Assert.Equal(new ushort[] { 65534, 65535, 0 }, Nacks(generator));
        Assert.Equal(3, generator.MissingCount);
    }

    [Fact]
    public void OnPacket_TrueOnlyWhenPacketsBecomeMissing()
    {
        var generator = new RtpNackGenerator(new RtpNackOptions { MaxMissing = 4 }, _time);

        Assert.False(generator.OnPacket(100));
        Assert.False(generator.OnPacket(101));
        Assert.True(generator.OnPacket(104));
        Assert.False(generator.OnPacket(102));
        Assert.False(generator.OnPacket(104));
        Assert.False(generator.OnPacket(105));
        Assert.False(generator.OnPacket(200));
        Assert.True(generator.TakeKeyframeRequest());
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void GetNacks_BeforeRetryInterval_DoesNotRepeat()
    {
        var generator = new RtpNackGenerator(new RtpNackOptions { DefaultRetryInterval = TimeSpan.FromMilliseconds(100) }, _time);
        generator.OnPacket(1);
        generator.OnPacket(3);

        Assert.Equal(new ushort[] { 2 }, Nacks(generator));
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(Nacks(generator));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new ushort[] { 2 }, Nacks(generator));
    }

    [Fact]
    public void GetNacks_RetransmissionArrives_StopsAsking()
    {
        var generator = new RtpNackGenerator(timeProvider: _time);
        generator.OnPacket(10);
        generator.OnPacket(14);
        Assert.Equal(new ushort[] { 11, 12, 13 }, Nacks(generator));

        generator.OnPacket(12);
        _time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.Equal(new ushort[] { 11, 13 }, Nacks(generator));
    }

    [Fact]
    public void GetNacks_MaxRetriesReached_GivesUpAndRequestsKeyframe()
    {
        var generator = new RtpNackGenerator(new RtpNackOptions { MaxRetries = 3, MaxAge = TimeSpan.FromSeconds(10) }, _time);
        generator.OnPacket(1);
        generator.OnPacket(3);

        var asked = 0;
        for (var i = 0; i < 6; i++)
        {
            asked += Nacks(generator).Length;
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, asked);
        Assert.Equal(0, generator.MissingCount);
        Assert.True(generator.TakeKeyframeRequest());
        Assert.False(generator.TakeKeyframeRequest());
    }

    [Fact]
    public void GetNacks_OlderThanMaxAge_Forgotten()
    {
        var generator = new RtpNackGenerator(new RtpNackOptions { MaxAge = TimeSpan.FromMilliseconds(300) }, _time);
        generator.OnPacket(1);
        generator.OnPacket(3);
        Assert.Single(Nacks(generator));

        _time.Advance(TimeSpan.FromMilliseconds(301));

        Assert.Empty(Nacks(generator));
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void OnPacket_GapLargerThanList_ClearsAndRequestsKeyframe()
    {
        var generator = new RtpNackGenerator(new RtpNackOptions { MaxMissing = 50 }, _time);
        generator.OnPacket(1);
        generator.OnPacket(3);
        generator.OnPacket(100);

        Assert.Equal(0, generator.MissingCount);
        Assert.True(generator.TakeKeyframeRequest());
        generator.OnPacket(102);
        Assert.Equal(new ushort[] { 101 }, Nacks(generator));
    }

    [Fact]
    public void GetNacks_SmallDestination_TakesOldestFirstAndKeepsRest()
    {
        var generator = new RtpNackGenerator(timeProvider: _time);
        generator.OnPacket(0);
        generator.OnPacket(6);

        var first = new ushort[2];
        Assert.Equal(2, generator.GetNacks(first));
        Assert.Equal(new ushort[] { 1, 2 }, first);
        Assert.Equal(new ushort[] { 3, 4, 5 }, Nacks(generator));
    }

    [Fact]
    public void OnPacket_SenderRestartsFarBehind_StartsOver()
    {
        var generator = new RtpNackGenerator(timeProvider: _time);
        generator.OnPacket(30000);
        generator.OnPacket(30002);
        generator.OnPacket(100);
        generator.OnPacket(102);

        Assert.Equal(new ushort[] { 101 }, Nacks(generator));
    }

    private static ushort[] Nacks(RtpNackGenerator generator)
    {
        var buffer = new ushort[600];
        return buffer[..generator.GetNacks(buffer)];
    }
}
