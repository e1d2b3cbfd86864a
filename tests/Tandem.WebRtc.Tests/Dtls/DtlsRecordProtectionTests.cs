using System.Buffers;
using System.Buffers.Binary;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsRecordProtectionTests
{
    private static readonly byte[] KeyA = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] KeyB = Convert.FromHexString("f0e0d0c0b0a090807060504030201000");
    private static readonly byte[] IvA = [1, 2, 3, 4];
    private static readonly byte[] IvB = [9, 8, 7, 6];

    internal static (DtlsRecordProtection Client, DtlsRecordProtection Server) CreatePair(ulong clientFirst = 0) =>
        (new DtlsRecordProtection(1, KeyA, IvA, KeyB, IvB, clientFirst), new DtlsRecordProtection(1, KeyB, IvB, KeyA, IvA));

    internal static byte[] Seal(DtlsRecordProtection protection, ReadOnlySpan<byte> plaintext, byte contentType = DtlsRecordHeader.ApplicationData)
    {
        byte[] record = new byte[plaintext.Length + DtlsRecordProtection.Overhead];
        Assert.Equal(OperationStatus.Done, protection.Protect(contentType, plaintext, record, out int written));
        Assert.Equal(record.Length, written);
        return record;
    }

    [Fact]
    public void Protect_ThenUnprotectOnThePeer_ReturnsPlaintextAndHeader()
    {
        var (client, server) = CreatePair(clientFirst: 7);
        byte[] record = Seal(client, "sctp packet"u8);
        byte[] plaintext = new byte[64];

        DtlsRecordStatus status = server.Unprotect(record, plaintext, out DtlsRecordHeader header, out int written);

        Assert.Equal(DtlsRecordStatus.Ok, status);
        Assert.Equal("sctp packet"u8.ToArray(), plaintext[..written]);
        Assert.Equal(new DtlsRecordHeader(23, 0xFEFD, 1, 7, (ushort)(11 + 8 + 16)), header);
        Assert.Equal(8UL, client.NextWriteSequence);
    }

    [Fact]
    public void Protect_Record_CarriesEpochAndSequenceAsExplicitNonce()
    {
        var (client, _) = CreatePair(clientFirst: 0x0000_0102_0304_0506);

        byte[] record = Seal(client, new byte[5]);

        // RFC 6347 §4.1: type, version, epoch, sequence, length; RFC 5288 §3: explicit nonce follows.
        Assert.Equal(Convert.FromHexString("17FEFD0001010203040506001D"), record[..13]);
        Assert.Equal(Convert.FromHexString("0001010203040506"), record[13..21]);
    }

    [Fact]
    public void Unprotect_OwnRecord_ForgedBecauseKeysDifferPerDirection()
    {
        var (client, _) = CreatePair();
        byte[] record = Seal(client, "x"u8);

        Assert.Equal(DtlsRecordStatus.Forged, client.Unprotect(record, new byte[16], out _, out _));
    }

    [Fact]
    public void Unprotect_Duplicate_Replayed()
    {
        var (client, server) = CreatePair();
        byte[] record = Seal(client, "once"u8);
        byte[] plaintext = new byte[16];

        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(record, plaintext, out _, out _));
        Assert.Equal(DtlsRecordStatus.Replayed, server.Unprotect(record, plaintext, out _, out _));
    }

    [Fact]
    public void Unprotect_OutOfOrderWithinWindow_AcceptedOnceEach()
    {
        var (client, server) = CreatePair();
        byte[][] records = Enumerable.Range(0, 64).Select(i => Seal(client, [(byte)i])).ToArray();
        byte[] plaintext = new byte[4];

        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(records[63], plaintext, out _, out _));
        for (int i = 62; i >= 0; i--)
        {
            Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(records[i], plaintext, out _, out int written));
            Assert.Equal((byte)i, plaintext[written - 1]);
        }

        Assert.All(records, r => Assert.Equal(DtlsRecordStatus.Replayed, server.Unprotect(r, plaintext, out _, out _)));
    }

    [Fact]
    public void Unprotect_OlderThanWindow_Replayed()
    {
        var (client, server) = CreatePair();
        byte[] old = Seal(client, "old"u8);
        byte[][] newer = Enumerable.Range(0, 64).Select(_ => Seal(client, "new"u8)).ToArray();
        byte[] plaintext = new byte[4];

        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(newer[^1], plaintext, out _, out _));

        Assert.Equal(DtlsRecordStatus.Replayed, server.Unprotect(old, plaintext, out _, out _));
        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(newer[0], plaintext, out _, out _));
    }

    [Fact]
    public void Unprotect_ForgedRecordFarAhead_DoesNotMoveTheWindow()
    {
        var (client, server) = CreatePair();
        byte[] first = Seal(client, "a"u8);
        byte[] forged = (byte[])first.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(forged.AsSpan(7), 0xFFFF);

        Assert.Equal(DtlsRecordStatus.Forged, server.Unprotect(forged, new byte[4], out _, out _));
        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(first, new byte[4], out _, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(25)]
    [InlineData(30)]
    public void Unprotect_OneByteFlipped_Rejected(int index)
    {
        var (client, server) = CreatePair();
        byte[] record = Seal(client, "payload!"u8);
        record[index] ^= 0x01;

        DtlsRecordStatus status = server.Unprotect(record, new byte[16], out _, out _);

        Assert.NotEqual(DtlsRecordStatus.Ok, status);
    }

    [Fact]
    public void Unprotect_WrongEpoch_Rejected()
    {
        var epochTwo = new DtlsRecordProtection(2, KeyA, IvA, KeyB, IvB);
        var (_, server) = CreatePair();

        Assert.Equal(DtlsRecordStatus.WrongEpoch, server.Unprotect(Seal(epochTwo, "x"u8), new byte[4], out _, out _));
    }

    [Fact]
    public void Unprotect_EveryTruncation_MalformedNeverThrows()
    {
        var (client, server) = CreatePair();
        byte[] record = Seal(client, "truncate me"u8);

        for (int length = 0; length < record.Length; length++)
        {
            Assert.Equal(DtlsRecordStatus.Malformed, server.Unprotect(record.AsSpan(0, length), new byte[32], out _, out _));
        }

        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(record, new byte[32], out _, out _));
    }

    [Fact]
    public void Unprotect_LengthShorterThanAeadOverhead_Malformed()
    {
        byte[] record = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 23, .. new byte[23]];
        var (_, server) = CreatePair();

        Assert.Equal(DtlsRecordStatus.Malformed, server.Unprotect(record, new byte[32], out _, out _));
    }

    [Fact]
    public void Unprotect_RandomGarbage_NeverOk()
    {
        var (_, server) = CreatePair();
        var random = new Random(4242);
        byte[] plaintext = new byte[2048];
        for (int i = 0; i < 2000; i++)
        {
            byte[] junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            if (junk.Length > 13 && i % 2 == 0)
            {
                // Half of them get a plausible header, so they reach the tag check.
                byte[] header = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, (byte)i, 0, (byte)(junk.Length - 13)];
                header.CopyTo(junk, 0);
            }

            Assert.NotEqual(DtlsRecordStatus.Ok, server.Unprotect(junk, plaintext, out _, out _));
        }
    }

    [Fact]
    public void Unprotect_DestinationTooSmall_MalformedAndWindowUnchanged()
    {
        var (client, server) = CreatePair();
        byte[] record = Seal(client, new byte[100]);

        Assert.Equal(DtlsRecordStatus.Malformed, server.Unprotect(record, new byte[99], out _, out _));
        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(record, new byte[100], out _, out _));
    }

    [Fact]
    public void Protect_LastSequenceNumberUsed_RefusesToWrap()
    {
        var (client, server) = CreatePair(clientFirst: DtlsRecordHeader.MaxSequenceNumber);
        byte[] last = Seal(client, "last"u8);
        byte[] record = new byte[64];

        OperationStatus status = client.Protect(DtlsRecordHeader.ApplicationData, "wrap"u8, record, out int written);

        Assert.Equal(OperationStatus.InvalidData, status);
        Assert.Equal(0, written);
        Assert.True(client.IsWriteSequenceExhausted);
        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(last, new byte[8], out DtlsRecordHeader header, out _));
        Assert.Equal(DtlsRecordHeader.MaxSequenceNumber, header.SequenceNumber);
    }

    [Fact]
    public void Protect_DestinationTooSmall_ConsumesNoSequenceNumber()
    {
        var (client, _) = CreatePair();

        Assert.Equal(OperationStatus.DestinationTooSmall, client.Protect(23, new byte[10], new byte[46], out _));
        Assert.Equal(0UL, client.NextWriteSequence);
    }

    [Fact]
    public void Reseal_RecordSealedUnderAnotherSequence_PeerAcceptsItUnderOurs()
    {
        var (client, server) = CreatePair(clientFirst: 40);
        // What BouncyCastle would write with the same write keys under its own counter.
        var bouncyCastleLike = new DtlsRecordProtection(1, KeyA, IvA, KeyB, IvB, 3);
        byte[] theirs = Seal(bouncyCastleLike, [1, 0], DtlsRecordHeader.Alert);
        byte[] resealed = new byte[theirs.Length];

        Assert.Equal(OperationStatus.Done, client.Reseal(theirs, resealed, out int written));

        Assert.Equal(theirs.Length, written);
        Assert.Equal(DtlsRecordStatus.Ok, server.Unprotect(resealed, new byte[4], out DtlsRecordHeader header, out int length));
        Assert.Equal((DtlsRecordHeader.Alert, 40UL, 2), (header.ContentType, header.SequenceNumber, length));
        Assert.Equal(41UL, client.NextWriteSequence);
    }

    [Fact]
    public void ProtectAndUnprotect_Warm_AllocateNothingPerRecord()
    {
        var (client, server) = CreatePair();
        byte[] payload = new byte[1200];
        byte[] record = new byte[payload.Length + DtlsRecordProtection.Overhead];
        byte[] plaintext = new byte[2048];
        client.Protect(23, payload, record, out _);
        server.Unprotect(record, plaintext, out _, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            client.Protect(23, payload, record, out _);
            server.Unprotect(record, plaintext, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001UL, client.NextWriteSequence);
    }
}
