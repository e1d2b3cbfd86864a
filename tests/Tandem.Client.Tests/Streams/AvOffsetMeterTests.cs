using Tandem.Client.Streams;

namespace Tandem.Client.Tests.Streams;

public class AvOffsetMeterTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    [Fact]
    public void Offset_OneStreamOnly_IsNull()
    {
        var meter = NewMeter();
        meter.AddVideoTransit(50 * Ms);

        Assert.Null(meter.Offset);
    }

    [Fact]
    public void Offset_SteadyStreams_IsVideoTransitMinusAudioTransit()
    {
        var meter = NewMeter();
        for (var i = 0; i < 60; i++)
        {
            meter.AddVideoTransit((50 + (i % 5)) * Ms);
            meter.AddAudioTransit(40 * Ms);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(12), meter.Offset);
    }

    [Fact]
    public void Offset_VideoSenderStalledForAThirdOfTheWindow_IsNotMovedByTheStall()
    {
        var meter = NewMeter();
        for (var i = 0; i < 90; i++)
        {
            // 30 frames captured on time but sent up to 2 s late (a stalled sender), among 90.
            meter.AddVideoTransit((i is >= 10 and < 40 ? 2000 - (i * 30) : 50) * Ms);
            meter.AddAudioTransit(40 * Ms);
        }

        // A mean since the start would say 10 ms + 30/90 × ~1.6 s ≈ 540 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(10), meter.Offset);
    }

    [Fact]
    public void Offset_AfterAWindowAtANewLevel_FollowsTheNewLevel()
    {
        var meter = NewMeter();
        for (var i = 0; i < 500; i++)
        {
            meter.AddVideoTransit(400 * Ms);
            meter.AddAudioTransit(40 * Ms);
        }

        for (var i = 0; i < AvOffsetMeter.Window; i++)
        {
            meter.AddVideoTransit(60 * Ms);
            meter.AddAudioTransit(40 * Ms);
        }

        Assert.Equal(TimeSpan.FromMilliseconds(20), meter.Offset);
    }

    private static AvOffsetMeter NewMeter() => new(TimeProvider.System, _ => null, _ => null);
}
