using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpSendHistoryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryCopy_StoredPacket_ReturnsSameBytes()
    {
        using var history = new RtpSendHistory(16, 200, timeProvider: _time);
        var packet = Packet(500, 40);
        Assert.True(history.Store(packet));

        var buffer = new byte[200];
        Assert.True(history.TryCopyForRetransmission(500, buffer, out var length));

        Assert.Equal(packet, buffer[..length]);
        Assert.False(history.TryCopyForRetransmission(501, buffer, out _));
    }

    [Fact]
    public void TryCopy_OverwrittenAfterCapacity_ReturnsFalse()
    {
        using var history = new RtpSendHistory(8, 100, timeProvider: _time);
        for (var seq = 65530; seq < 65530 + 9; seq++)
        {
            history.Store(Packet((ushort)seq, 10));
        }

        var buffer = new byte[100];
        Assert.False(history.TryCopyForRetransmission(65530, buffer, out _));
        Assert.True(history.TryCopyForRetransmission(65531, buffer, out _));
        Assert.True(history.TryCopyForRetransmission(2, buffer, out var length));
        Assert.Equal(Packet(2, 10), buffer[..length]);
    }

    [Fact]
    public void TryCopy_OlderThanMaxAge_ReturnsFalse()
    {
        using var history = new RtpSendHistory(8, 100, TimeSpan.FromMilliseconds(500), _time);
        history.Store(Packet(1, 10));
        _time.Advance(TimeSpan.FromMilliseconds(501));

        Assert.False(history.TryCopyForRetransmission(1, new byte[100], out _));
    }

    [Fact]
    public void TryCopy_WithinMinInterval_ResendsOnlyOnce()
    {
        using var history = new RtpSendHistory(8, 100, timeProvider: _time);
        history.Store(Packet(1, 10));
        var buffer = new byte[100];
        var interval = TimeSpan.FromMilliseconds(50);

        Assert.True(history.TryCopyForRetransmission(1, buffer, out _, interval));
        Assert.False(history.TryCopyForRetransmission(1, buffer, out _, interval));
        _time.Advance(interval);
        Assert.True(history.TryCopyForRetransmission(1, buffer, out _, interval));
    }

    [Fact]
    public void CopyForRetransmission_ResendStillQueued_RepeatedNackCopiesNothingUntilIntervalAfterItLeaves()
    {
        using var history = new RtpSendHistory(8, 100, timeProvider: _time);
        history.Store(Packet(1, 10));
        var buffer = new byte[100];
        var interval = TimeSpan.FromMilliseconds(50);
        var queued = TimeSpan.FromMilliseconds(300);

        Assert.Equal(RtpHistoryLookup.Copied, history.CopyForRetransmission(1, buffer, out _, interval, TimeSpan.FromSeconds(1), queued));

        // A NACK repeated every 100 ms while the first resend waits in the pacer for 300 ms queues no second copy.
        foreach (var step in new[] { 100, 100, 100, 49 })
        {
            _time.Advance(TimeSpan.FromMilliseconds(step));
            Assert.Equal(RtpHistoryLookup.ResentRecently, history.CopyForRetransmission(1, buffer, out _, interval, TimeSpan.FromSeconds(1)));
        }

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(RtpHistoryLookup.Copied, history.CopyForRetransmission(1, buffer, out _, interval, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void CopyForRetransmission_AgeLimitOfTheCall_TellsTooOldMissingAndResentRecently()
    {
        using var history = new RtpSendHistory(8, 100, maxAge: TimeSpan.FromSeconds(1), timeProvider: _time);
        history.Store(Packet(1, 10));
        var buffer = new byte[100];
        _time.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(RtpHistoryLookup.TooOld, history.CopyForRetransmission(1, buffer, out _, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Equal(RtpHistoryLookup.Copied, history.CopyForRetransmission(1, buffer, out var length, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.Equal(22, length);
        Assert.Equal(RtpHistoryLookup.ResentRecently, history.CopyForRetransmission(1, buffer, out _, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(2)));
        Assert.Equal(RtpHistoryLookup.Missing, history.CopyForRetransmission(9, buffer, out _, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Store_TooBigOrNotRtp_ReturnsFalse()
    {
        using var history = new RtpSendHistory(8, 100, timeProvider: _time);

        Assert.False(history.Store(new byte[101]));
        Assert.False(history.Store(new byte[11]));
        Assert.False(history.TryCopyForRetransmission(0, new byte[100], out _));
    }

    [Fact]
    public void Nack_ParsedFromWire_ResendsExactlyTheLostPackets()
    {
        using var history = new RtpSendHistory(64, 100, timeProvider: _time);
        for (ushort seq = 100; seq < 140; seq++)
        {
            history.Store(Packet(seq, 20));
        }

        var nackBytes = new byte[64];
        Assert.True(RtcpGenericNack.TryWrite(nackBytes, 1, 2, [101, 105, 117, 118, 200], out var nackLength));
        Assert.True(RtcpGenericNack.TryParse(nackBytes.AsSpan(0, nackLength), out var nack));

        var resent = new List<ushort>();
        var buffer = new byte[100];
        foreach (var seq in nack)
        {
            if (history.TryCopyForRetransmission(seq, buffer, out var length))
            {
                Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
                resent.Add(packet.SequenceNumber);
            }
        }

        Assert.Equal(new ushort[] { 101, 105, 117, 118 }, resent);
    }

    private static byte[] Packet(ushort seq, int payloadLength)
    {
        var buffer = new byte[12 + payloadLength];
        Assert.True(RtpPacketBuilder.TryCreate(buffer, new RtpHeader(96, seq, seq * 10u, 0x1234), out var builder));
        builder.GetPayloadSpan().Fill((byte)seq);
        return buffer[..builder.Finish(payloadLength)];
    }
}
