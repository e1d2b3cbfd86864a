using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.Fuzz.Targets.Seeds;

public static partial class SeedWriter
{
    /// <summary>
    /// What two of our associations send each other: handshake, data-channel open, messages of every
    /// reliability, a lossy stretch (SACK gaps, retransmissions, FORWARD-TSN), a stream reset, shutdown.
    /// For the association target: the first end's packets after the handshake, ports zeroed so the target
    /// fills in the live tag.
    /// </summary>
    private static List<(string, byte[])> SctpCapture(bool forAssociation)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var endA = new CaptureEnd();
        var endB = new CaptureEnd();
        endA.Peer = endB;
        endB.Peer = endA;
        using var a = new SctpAssociation(endA, null, time);
        using var b = new SctpAssociation(endB, null, time);
        using var channelsA = new DataChannelManager(a, isDtlsClient: true);
        using var channelsB = new DataChannelManager(b, isDtlsClient: false);
        void Pump(int rounds = 50)
        {
            for (var i = 0; i < rounds; i++)
            {
                while (endA.DeliverOne() | endB.DeliverOne())
                {
                }

                time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }

        a.Connect();
        Pump(5);
        int afterHandshake = endA.Sent.Count;
        var reliable = channelsA.CreateDataChannel("reliable");
        var partial = channelsA.CreateDataChannel("partial", new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        Pump(5);
        reliable.Send("text message");
        reliable.Send(new byte[3000]);
        endA.DropEvery = 3;
        for (var i = 0; i < 6; i++)
        {
            partial.Send(new byte[900]);
        }

        Pump(20);
        endA.DropEvery = 0;
        reliable.Close();
        Pump(20);
        a.Shutdown();
        Pump(20);

        if (forAssociation)
        {
            var packets = endA.Sent.Skip(afterHandshake).Select(p =>
            {
                byte[] copy = [.. p];
                BinaryPrimitives.WriteUInt32BigEndian(copy, 0);
                return copy;
            }).ToArray();
            return [("session.bin", FramedInput.Frame(packets)), ("first-packets.bin", FramedInput.Frame(packets.Take(4).ToArray()))];
        }

        return endA.Sent.Concat(endB.Sent).DistinctBy(Convert.ToHexString).Take(60)
            .Select((p, i) => ($"packet-{i:D3}-{(SctpChunkType)p[SctpPacket.HeaderLength]}.bin", p)).ToList();
    }

    private sealed class CaptureEnd : IDatagramTransport
    {
        private readonly Queue<byte[]> _inbox = new();

        public event DatagramHandler? Received;

        public CaptureEnd? Peer { get; set; }

        public List<byte[]> Sent { get; } = [];

        public int DropEvery { get; set; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            byte[] copy = datagram.ToArray();
            Sent.Add(copy);
            if (DropEvery == 0 || Sent.Count % DropEvery != 0)
            {
                Peer!._inbox.Enqueue(copy);
            }

            return ValueTask.CompletedTask;
        }

        public bool DeliverOne()
        {
            if (!_inbox.TryDequeue(out var datagram))
            {
                return false;
            }

            Received?.Invoke(datagram);
            return true;
        }
    }
}
