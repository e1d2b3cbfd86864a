using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsReplayWindowTests
{
    [Fact]
    public void IsFresh_Empty_AnyNumberIncludingZero()
    {
        var window = default(DtlsReplayWindow);

        Assert.True(window.IsFresh(0));
        Assert.True(window.IsFresh(DtlsRecordHeader.MaxSequenceNumber));
    }

    [Fact]
    public void Mark_JumpBeyondWindow_ForgetsEverythingBehind()
    {
        var window = default(DtlsReplayWindow);
        window.Mark(5);
        window.Mark(1000);

        Assert.False(window.IsFresh(1000));
        Assert.False(window.IsFresh(1000 - DtlsReplayWindow.Size));
        Assert.True(window.IsFresh(1000 - DtlsReplayWindow.Size + 1));
        Assert.False(window.IsFresh(5));
        Assert.True(window.IsFresh(1001));
    }

    [Fact]
    public void Mark_InsideWindow_OnlyThatNumberSeen()
    {
        var window = default(DtlsReplayWindow);
        window.Mark(100);
        window.Mark(90);

        Assert.False(window.IsFresh(90));
        Assert.True(window.IsFresh(91));
        Assert.True(window.IsFresh(89));
    }
}
