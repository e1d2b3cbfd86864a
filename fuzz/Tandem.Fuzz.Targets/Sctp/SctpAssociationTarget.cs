using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Sctp;

/// <summary>
/// SCTP packets arriving at an established association with data channels on top (RFC 9260, RFC 8831,
/// RFC 8832): the chunk handlers, not only the chunk parsers. Two associations connect over an in-memory
/// network on a fake clock; then each framed datagram of the input reaches the second one as if from the
/// first. A datagram whose ports are both 0 gets the real ports and verification tag; every datagram gets
/// a correct checksum (the checksum itself is the <c>sctp</c> target's). Nothing may escape.
/// </summary>
public sealed class SctpAssociationTarget : IFuzzTarget
{
    private static readonly SctpAssociationOptions Options = new() { RtoInitial = TimeSpan.FromMilliseconds(200), RtoMin = TimeSpan.FromMilliseconds(100) };

    public string Name => "sctp-association";

    public void Run(ReadOnlySpan<byte> input)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var endA = new InMemoryEnd();
        var endB = new InMemoryEnd();
        InMemoryEnd.Pair(endA, endB);
        using var a = new SctpAssociation(endA, Options, time);
        using var b = new SctpAssociation(endB, Options, time);
        using var channelsA = new DataChannelManager(a, isDtlsClient: true);
        using var channelsB = new DataChannelManager(b, isDtlsClient: false);
        a.Connect();
        for (var i = 0; i < 20 && b.State != SctpAssociationState.Established; i++)
        {
            Pump(endA, endB);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Check(a.State == SctpAssociationState.Established && b.State == SctpAssociationState.Established, "the associations did not connect");
        var channel = channelsA.CreateDataChannel("fuzz");
        Pump(endA, endB);
        channel.Send("hello"u8);
        Pump(endA, endB);
        byte[] template = endA.LastSent!;
        var packet = new byte[ushort.MaxValue];
        foreach (var datagram in new FramedInput(input))
        {
            if (datagram.Length < SctpPacket.HeaderLength)
            {
                continue;
            }

            datagram.CopyTo(packet);
            Span<byte> bytes = packet.AsSpan(0, datagram.Length);
            if (BinaryPrimitives.ReadUInt32BigEndian(bytes) == 0)
            {
                template.AsSpan(0, 8).CopyTo(bytes);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes[8..], SctpCrc32c.ComputePacketChecksum(bytes));
            endB.Deliver(bytes);
            Pump(endA, endB);
            time.Advance(TimeSpan.FromMilliseconds(50));
            Pump(endA, endB);
        }

        time.Advance(TimeSpan.FromSeconds(2));
        Pump(endA, endB);
        _ = b.GetStatistics();
    }

    private static void Pump(InMemoryEnd a, InMemoryEnd b)
    {
        for (var guard = 0; guard < 10_000; guard++)
        {
            if (!a.DeliverOne() && !b.DeliverOne())
            {
                return;
            }
        }

        throw new FuzzInvariantException("the two associations never stop sending to each other");
    }
}
