using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using static Tandem.WebRtc.Tests.Payloads.H264.H264PacketizerTests;

namespace Tandem.WebRtc.Tests.Payloads.H264;

/// <summary>
/// The whole loss-repair loop without sockets: packetize → RTP → send history → lossy, reordering
/// "network" → NACK generator + reorder buffer → depacketize; NACKs travel as real RTCP bytes.
/// </summary>
public sealed class H264NackRecoveryTests : IDisposable
{
    private const uint MediaSsrc = 0x1111, ReceiverSsrc = 0x2222;

    private readonly FakeTimeProvider _time = new();
    private readonly RtpSendHistory _history;
    private readonly RtpNackGenerator _nacks;
    private readonly RtpReorderBuffer _reorder;
    private readonly H264Depacketizer _depacketizer;
    private readonly List<(byte[] AnnexB, bool Damaged)> _frames = [];
    private readonly byte[] _packet = new byte[1500];
    private ushort _sequence = 65000;
    private int _retransmitted;

    public H264NackRecoveryTests()
    {
        _history = new RtpSendHistory(1024, 1500, timeProvider: _time);
        _nacks = new RtpNackGenerator(timeProvider: _time);
        _reorder = new RtpReorderBuffer(512, 1500, TimeSpan.FromMilliseconds(200), _time);
        _depacketizer = new H264Depacketizer(f => _frames.Add((f.AnnexB.ToArray(), f.IsDamaged)));
    }

    public void Dispose()
    {
        _history.Dispose();
        _reorder.Dispose();
        _depacketizer.Dispose();
    }

    [Fact]
    public void LossyReorderingNetwork_WithNackAndReorderBuffer_EveryFrameIntact()
    {
        var packetizer = new H264Packetizer(1200);
        var units = Enumerable.Range(0, 30).Select(i => i % 10 == 0
            ? AnnexB([0x67, 1, 2], [0x68, 3], Nal(0x65, 8000 + i))
            : AnnexB(Nal(0x41, 2500 + (i * 10)))).ToList();
        var sent = 0;
        var held = new List<byte[]>();

        for (var i = 0; i < units.Count; i++)
        {
            var wire = new List<byte[]>();
            packetizer.Packetize(units[i], (uint)i * 3000, wire, (payload, ts, marker, list) => list.Add(BuildPacket(payload, ts, marker)));
            foreach (var packet in wire)
            {
                _history.Store(packet);
                sent++;
                if (sent % 9 == 0)
                {
                    continue;
                }

                if (sent % 7 == 0)
                {
                    held.Add(packet);
                    continue;
                }

                Receive(packet);
                foreach (var late in held)
                {
                    Receive(late);
                }

                held.Clear();
            }

            _time.Advance(TimeSpan.FromMilliseconds(33));
            ExchangeNacks();
        }

        foreach (var late in held)
        {
            Receive(late);
        }

        for (var round = 0; round < 5; round++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            ExchangeNacks();
        }

        _reorder.Drain(this, static (p, self) => self.Deliver(p));
        Assert.True(_retransmitted >= sent / 9);
        Assert.Equal(units.Count, _frames.Count);
        Assert.All(_frames, f => Assert.False(f.Damaged));
        for (var i = 0; i < units.Count; i++)
        {
            Assert.Equal(units[i], _frames[i].AnnexB);
        }

        Assert.Equal(0, _reorder.SkippedPackets);
        Assert.False(_nacks.TakeKeyframeRequest());
    }

    private byte[] BuildPacket(ReadOnlySpan<byte> payload, uint timestamp, bool marker)
    {
        Assert.True(RtpPacketBuilder.TryCreate(_packet, new RtpHeader(102, _sequence++, timestamp, MediaSsrc, marker), out var builder));
        Assert.True(builder.TryFinish(payload, out var length));
        return _packet[..length];
    }

    private void Receive(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var parsed));
        _nacks.OnPacket(parsed.SequenceNumber);
        _reorder.Push(packet, this, static (p, self) => self.Deliver(p));
    }

    private void Deliver(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpPacket.TryParse(packet, out var parsed));
        _depacketizer.Push(parsed);
    }

    private void ExchangeNacks()
    {
        Span<ushort> lost = stackalloc ushort[256];
        var count = _nacks.GetNacks(lost);
        if (count == 0)
        {
            return;
        }

        Span<byte> rtcp = stackalloc byte[1200];
        Assert.True(RtcpGenericNack.TryWrite(rtcp, ReceiverSsrc, MediaSsrc, lost[..count], out var length));
        Assert.True(RtcpGenericNack.TryParse(rtcp[..length], out var nack));
        Span<byte> resend = stackalloc byte[1500];
        foreach (var seq in nack)
        {
            if (_history.TryCopyForRetransmission(seq, resend, out var packetLength))
            {
                _retransmitted++;
                Receive(resend[..packetLength]);
            }
        }
    }
}
