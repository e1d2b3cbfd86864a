using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Rtp;
using static Tandem.WebRtc.Tests.Payloads.H264.H264PacketizerTests;

namespace Tandem.WebRtc.Tests.Payloads.H264;

public class H264AllocationTests
{
    [Fact]
    public void SendAndReceivePath_SteadyState_AllocatesNothing()
    {
        var keyframe = AnnexB([0x67, 1, 2, 3], [0x68, 4, 5], Nal(0x65, 20_000));
        var delta = AnnexB([0x09, 0xF0], Nal(0x41, 3_000));
        var state = new Pipeline();
        using var depacketizer = new H264Depacketizer(state.OnFrame);
        state.Depacketizer = depacketizer;
        var packetizer = new H264Packetizer();

        for (var i = 0; i < 20; i++)
        {
            packetizer.Packetize(i % 10 == 0 ? keyframe : delta, (uint)i * 3000, state, Pipeline.OnPayload);
        }

        var framesBefore = state.Frames;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 20; i < 220; i++)
        {
            packetizer.Packetize(i % 10 == 0 ? keyframe : delta, (uint)i * 3000, state, Pipeline.OnPayload);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200, state.Frames - framesBefore);
        Assert.Equal(0, allocated);
    }

    /// <summary>Packetize → RTP build → RTP parse → depacketize, all through reused buffers.</summary>
    private sealed class Pipeline
    {
        private readonly byte[] _packet = new byte[1500];
        private ushort _sequence;

        public H264Depacketizer? Depacketizer { get; set; }

        public int Frames { get; private set; }

        public static void OnPayload(ReadOnlySpan<byte> payload, uint timestamp, bool marker, Pipeline self)
        {
            if (!RtpPacketBuilder.TryCreate(self._packet, new RtpHeader(102, self._sequence++, timestamp, 42, marker), out var builder, RtpHeaderExtensionForm.OneByte)
                || !builder.TryAddExtension(1, "0"u8)
                || !builder.TryFinish(payload, out var length)
                || !RtpPacket.TryParse(self._packet.AsSpan(0, length), out var packet))
            {
                throw new InvalidOperationException("pipeline broke");
            }

            self.Depacketizer!.Push(packet);
        }

        public void OnFrame(H264Frame frame)
        {
            if (!frame.IsDamaged)
            {
                Frames++;
            }
        }
    }
}
