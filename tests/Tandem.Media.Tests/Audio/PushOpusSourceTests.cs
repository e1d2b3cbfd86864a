using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Media.Tests.Audio;

public class PushOpusSourceTests
{
    private static readonly MediaInstant At = MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(340));

    [Fact]
    public async Task ReadPacketAsync_AfterWrite_CopiesThePacketWithItsCaptureInstant()
    {
        await using var source = new PushOpusSource();
        var packet = new byte[] { 0x08, 1, 2, 3 };

        Assert.True(source.TryWritePacket(packet, At));
        packet[1] = 99;
        var destination = new byte[PushOpusSource.MaxPacketSize];
        var read = await source.ReadPacketAsync(destination);

        Assert.Equal(new OpusPacketInfo(4, At), read);
        Assert.Equal([0x08, 1, 2, 3], destination[..4]);
    }

    [Fact]
    public async Task TryWritePacket_QueueFull_DropsAndCounts()
    {
        await using var source = new PushOpusSource(capacity: 2);

        Assert.True(source.TryWritePacket([1], At));
        Assert.True(source.TryWritePacket([2], At));
        Assert.False(source.TryWritePacket([3], At));

        Assert.Equal(1, source.DroppedPackets);
        var destination = new byte[PushOpusSource.MaxPacketSize];
        Assert.Equal(1, (await source.ReadPacketAsync(destination))!.Value.Length);
        Assert.Equal(1, destination[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PushOpusSource.MaxPacketSize + 1)]
    public async Task TryWritePacket_EmptyOrTooLarge_ThrowsSayingTheLimit(int length)
    {
        await using var source = new PushOpusSource();

        var e = Assert.Throws<ArgumentException>(() => source.TryWritePacket(new byte[length], At));

        Assert.Contains($"1 to {PushOpusSource.MaxPacketSize} bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_QueuedPacketsStillRead_ThenNull()
    {
        await using var source = new PushOpusSource();
        source.TryWritePacket([7], At);

        source.Complete();

        Assert.False(source.TryWritePacket([8], At));
        var destination = new byte[PushOpusSource.MaxPacketSize];
        Assert.NotNull(await source.ReadPacketAsync(destination));
        Assert.Null(await source.ReadPacketAsync(destination));
    }
}
