using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Tandem.Fuzz.Targets.Sctp;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;

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
        var endA = new InMemoryEnd(record: true);
        var endB = new InMemoryEnd(record: true);
        InMemoryEnd.Pair(endA, endB);
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
}
