using System.Buffers.Binary;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>
/// RFC 6347 §4.1.2.7: invalid records are silently discarded. Records injected on the peer's own
/// datagram path (the pipe has one tuple, like the peer's ICE address:port) that do not authenticate
/// must never end a connected association (issue 13, fault 3).
/// </summary>
public sealed class DtlsTransportSpoofTests
{
    private static readonly ushort[] Epochs = [0, 1, 2, 0xFFFF];
    private static readonly int[] BodyLengths = [0, 1, 2, 11, 23, 24, 40];

    [Fact]
    public async Task Receive_ShortEpoch1HeartbeatRecordFromIssue_DroppedAndDataFlows()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        long droppedBefore = pair.Server.DroppedDatagrams;

        // The issue's 13-byte datagram: type 24, DTLS 1.2, epoch 1, a record shorter than an AEAD nonce and tag.
        await pair.ClientEnd.SendAsync(Record(24, 0xFEFD, 1, 7, new byte[0]));
        await pair.ClientEnd.SendAsync(Record(22, 0xFEFD, 1, 8, new byte[11]));

        await AssertDataFlowsAsync(pair);
        Assert.True(pair.Server.DroppedDatagrams >= droppedBefore + 2);
    }

    [Fact]
    public async Task Receive_EveryShortOrGarbledRecordTypeAndEpoch_BothSidesStayConnected()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        long serverDroppedBefore = pair.Server.DroppedDatagrams;
        long clientDroppedBefore = pair.Client.DroppedDatagrams;
        var spoofed = SpoofedDatagrams(new Random(13)).ToList();

        foreach (byte[] datagram in spoofed)
        {
            await pair.ClientEnd.SendAsync(datagram);
            await pair.ServerEnd.SendAsync(datagram);
        }

        await AssertDataFlowsAsync(pair);
        Assert.Equal(DtlsState.Connected, pair.Server.State);
        Assert.Equal(DtlsState.Connected, pair.Client.State);

        // Every datagram but the server's epoch-0 handshake records (kept for BouncyCastle, which answers a
        // client's retransmitted final flight, RFC 6347 §4.2.4, and discards the rest itself) is counted.
        int keptForRetransmission = spoofed.Count(IsEpoch0Handshake);
        Assert.True(pair.Client.DroppedDatagrams - clientDroppedBefore >= spoofed.Count, $"client dropped {pair.Client.DroppedDatagrams - clientDroppedBefore} of {spoofed.Count}");
        Assert.True(pair.Server.DroppedDatagrams - serverDroppedBefore >= spoofed.Count - keptForRetransmission);

        // close_notify is processed by BouncyCastle after everything queued before it: the server ends Closed, not Failed.
        Task serverClosed = DtlsTestPair.WhenState(pair.Server, DtlsState.Closed);
        await pair.Client.CloseAsync();
        await serverClosed.WaitAsync(DtlsTestPair.Guard);
        Assert.Null(pair.Server.FailureReason);
    }

    [Fact]
    public async Task Receive_SpoofedFatalAlertAtEpoch0AfterHandshake_Ignored()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();

        // RFC 5246 §7.2: level fatal (2), handshake_failure (40), in plaintext at epoch 0.
        await pair.ClientEnd.SendAsync(Record(21, 0xFEFD, 0, 50, [2, 40]));
        await pair.ServerEnd.SendAsync(Record(21, 0xFEFD, 0, 50, [2, 40]));

        await AssertDataFlowsAsync(pair);
        Assert.Null(pair.Server.FailureReason);
        Assert.Null(pair.Client.FailureReason);
    }

    /// <summary>Every content type a DTLS demux accepts (RFC 7983: 20–63) at each epoch and body length, plus malformed headers.</summary>
    private static IEnumerable<byte[]> SpoofedDatagrams(Random random)
    {
        for (byte type = 20; type <= 63; type++)
        {
            foreach (ushort epoch in Epochs)
            {
                foreach (int length in BodyLengths)
                {
                    byte[] body = new byte[length];
                    random.NextBytes(body);
                    yield return Record(type, 0xFEFD, epoch, (ulong)random.Next(0, 1 << 20), body);
                }
            }
        }

        foreach (ushort epoch in Epochs)
        {
            // A bad-MAC application_data record of plausible size, a plaintext handshake record, a wrong
            // version, a header that announces more than the datagram holds, a truncated header.
            yield return Record(23, 0xFEFD, epoch, 3, RandomBytes(random, 64));
            yield return Record(22, 0xFEFD, epoch, 4, ClientHelloLike(random));
            yield return Record(22, 0x0303, epoch, 5, RandomBytes(random, 40));
            yield return Record(23, 0xFEFF, epoch, 6, RandomBytes(random, 40));
            byte[] overflow = Record(23, 0xFEFD, epoch, 7, RandomBytes(random, 30));
            BinaryPrimitives.WriteUInt16BigEndian(overflow.AsSpan(11), 300);
            yield return overflow;
            yield return Record(22, 0xFEFD, epoch, 8, RandomBytes(random, 30))[..9];
        }

        // Two records in one datagram: a garbled one first, then another.
        yield return [.. Record(22, 0xFEFD, 1, 9, RandomBytes(random, 5)), .. Record(21, 0xFEFD, 1, 10, RandomBytes(random, 26))];
        for (int i = 0; i < 64; i++)
        {
            byte[] garbage = RandomBytes(random, random.Next(1, 200));
            garbage[0] = (byte)random.Next(20, 64);
            yield return garbage;
        }
    }

    private static bool IsEpoch0Handshake(byte[] datagram) =>
        DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) && header.ContentType == 22 && header.Epoch == 0;

    private static byte[] ClientHelloLike(Random random)
    {
        // RFC 6347 §4.2.2 handshake header: client_hello (1), length, message_seq, fragment offset and length.
        byte[] body = RandomBytes(random, 60);
        body[0] = 1;
        body[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), 48);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(4), 0);
        body[6] = 0;
        body[7] = 0;
        body[8] = 0;
        body[9] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(10), 48);
        return body;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Record(byte type, ushort version, ushort epoch, ulong sequence, byte[] body)
    {
        byte[] record = new byte[DtlsRecordHeader.Size + body.Length];
        new DtlsRecordHeader(type, version, epoch, sequence, (ushort)body.Length).Write(record);
        body.CopyTo(record, DtlsRecordHeader.Size);
        return record;
    }

    private static async Task AssertDataFlowsAsync(DtlsTestPair pair)
    {
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);
        Task<byte[]> atClient = DtlsTestPair.NextReceived(pair.Client);
        await pair.Client.SendAsync("to server"u8.ToArray());
        await pair.Server.SendAsync("to client"u8.ToArray());

        Assert.Equal("to server"u8.ToArray(), await atServer.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal("to client"u8.ToArray(), await atClient.WaitAsync(DtlsTestPair.Guard));
        Assert.Equal(DtlsState.Connected, pair.Server.State);
        Assert.Equal(DtlsState.Connected, pair.Client.State);
    }
}
