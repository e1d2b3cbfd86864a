using Tandem.Testing;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>
/// RFC 6347 §4.1.2.7: invalid records are silently discarded. Records injected on the peer's own
/// datagram path (the pipe has one tuple, like the peer's ICE address:port) that do not authenticate
/// must never end a connected association (issue 13, fault 3).
/// </summary>
public sealed class DtlsTransportSpoofTests
{
    [Fact]
    public async Task Receive_ShortEpoch1HeartbeatRecordFromIssue_DroppedAndDataFlows()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        long droppedBefore = pair.Server.DroppedDatagrams;

        // The issue's 13-byte datagram: type 24, DTLS 1.2, epoch 1, a record shorter than an AEAD nonce and tag.
        await pair.ClientEnd.SendAsync(SpoofedDatagrams.DtlsRecord(24, 0xFEFD, 1, 7, []));
        await pair.ClientEnd.SendAsync(SpoofedDatagrams.DtlsRecord(22, 0xFEFD, 1, 8, new byte[11]));

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
        var random = new Random(13);
        var spoofed = SpoofedDatagrams.DtlsRecords(random).Concat(SpoofedDatagrams.SctpInFakeDtls(random)).ToList();

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
        await pair.ClientEnd.SendAsync(SpoofedDatagrams.DtlsRecord(21, 0xFEFD, 0, 50, [2, 40]));
        await pair.ServerEnd.SendAsync(SpoofedDatagrams.DtlsRecord(21, 0xFEFD, 0, 50, [2, 40]));

        await AssertDataFlowsAsync(pair);
        Assert.Null(pair.Server.FailureReason);
        Assert.Null(pair.Client.FailureReason);
    }

    private static bool IsEpoch0Handshake(byte[] datagram) =>
        DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header) && header.ContentType == 22 && header.Epoch == 0;

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
